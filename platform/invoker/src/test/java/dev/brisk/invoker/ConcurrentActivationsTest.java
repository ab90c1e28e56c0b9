package dev.brisk.invoker;

import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.entity.ActionLimits;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Exec;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import dev.brisk.core.message.ActivationMessage;
import dev.brisk.runtimes.process.ProcessContainerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An action's {@code limits.concurrency} with real action processes (the process factory and Brisk's proxies):
 * concurrent activations share one container and run at once in it, and each record holds only its own log lines.
 */
class ConcurrentActivationsTest {
    private static final String LOGGING_ACTION = """
            console.log('loaded');
            async function main(p) {
              console.log('start ' + p.id);
              await new Promise(r => setTimeout(r, 300));
              console.error('end ' + p.id);
              if (p.fail) throw new Error('failed ' + p.id);
              return { id: p.id };
            }
            """;

    @TempDir
    static Path work;
    static ProcessContainerFactory factory;
    static final AtomicInteger created = new AtomicInteger();
    static final AtomicInteger destroyed = new AtomicInteger();
    static ContainerPool pool;
    static ActionRunner runner;
    static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() {
        factory = new ProcessContainerFactory(Map.of("work-dir", work.toString()));
        ContainerFactory counting = new ContainerFactory() {
            @Override
            public Container create(ContainerSpec spec) {
                created.incrementAndGet();
                Container real = factory.create(spec);
                return new Container() {
                    public String id() { return real.id(); }
                    public dev.brisk.core.container.RuntimeResponse init(com.fasterxml.jackson.databind.node.ObjectNode b, Duration t) { return real.init(b, t); }
                    public dev.brisk.core.container.RuntimeResponse run(com.fasterxml.jackson.databind.node.ObjectNode b, Duration t) { return real.run(b, t); }
                    public ConcurrentRun runConcurrently(com.fasterxml.jackson.databind.node.ObjectNode b, Duration t, long limit) { return real.runConcurrently(b, t, limit); }
                    public dev.brisk.core.container.ActivationLogs logs(long limit, boolean wait) { return real.logs(limit, wait); }
                    public void destroy() { destroyed.incrementAndGet(); real.destroy(); }
                };
            }

            @Override
            public void close() {
            }
        };
        InvokerSettings settings = new InvokerSettings(0, 2048, Duration.ofMinutes(10), Duration.ofMinutes(10),
                "http://127.0.0.1");
        pool = new ContainerPool(counting, settings);
        runner = new ActionRunner(pool, RuntimeManifest.standard(), settings);
    }

    @AfterAll
    static void stop() {
        pool.close();
        factory.close();
    }

    private static WhiskAction action(String kind, String code, int concurrency) {
        return new WhiskAction("guest", "a" + ids.incrementAndGet(), SemVer.INITIAL, false, Parameters.EMPTY,
                Parameters.EMPTY, new Exec(kind, code, false, null), new ActionLimits(10_000, 256, 10, concurrency), 0);
    }

    private static WhiskActivation invoke(WhiskAction action, int id, boolean fail) {
        ActivationMessage msg = new ActivationMessage("tid", String.format("%032x", ids.incrementAndGet()),
                "guest/" + action.name(), "1-a", new Identity("guest", "guest", "uuid", "uuid:key"),
                Json.object().put("id", id).put("fail", fail), 0, true, null, System.currentTimeMillis(), null);
        return runner.run(msg, action, "1-a");
    }

    /** Runs {@code n} activations of {@code action} at once; {@code failing} of them throw. */
    private static List<WhiskActivation> invokeAtOnce(WhiskAction action, int n, int failing) throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<WhiskActivation>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                calls.add(clients.submit(() -> invoke(action, id, id < failing)));
            }
            List<WhiskActivation> records = new ArrayList<>();
            for (Future<WhiskActivation> call : calls) {
                records.add(call.get());
            }
            return records;
        }
    }

    /** The text of each log line, without its time stamp. */
    private static List<String> texts(WhiskActivation a) {
        return a.logs().stream().map(l -> l.replaceFirst("^\\S+\\s+", "")).toList();
    }

    @Test
    void tenConcurrentActivationsShareOneContainerAndKeepTheirOwnLogs() throws Exception {
        WhiskAction action = action("nodejs:20", LOGGING_ACTION, 10);
        int before = created.get();
        int idleBefore = pool.idleCount();
        long t0 = System.nanoTime();
        List<WhiskActivation> records = invokeAtOnce(action, 10, 0);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, created.get() - before, "one container for all ten");
        int loaded = 0;
        for (int id = 0; id < 10; id++) {
            WhiskActivation a = records.get(id);
            assertEquals(ActivationResponse.SUCCESS, a.response().statusCode(), a.toString());
            assertEquals(id, a.response().result().path("id").asInt());
            List<String> own = new ArrayList<>(texts(a));
            if (own.remove("stdout: loaded")) {
                loaded++; // the code's loading output is the first activation's, as in OpenWhisk
            }
            assertEquals(List.of("stdout: start " + id, "stderr: end " + id), own, "record " + id + ": " + a.logs());
        }
        assertEquals(1, loaded, "the loading line is in exactly one record");
        // ten 300 ms waits one after another would take 3 s
        assertTrue(millis < 2_500, "ran concurrently: " + millis + " ms");
        assertEquals(idleBefore + 1, pool.idleCount(), "the container is idle again, once");
        assertEquals(0, pool.busyContainerCount());
    }

    /**
     * A developer error of one activation does not pull the container from under the others (OpenWhisk's
     * ContainerProxy destroys it once its last activation ends); the next activation starts a fresh one.
     */
    @Test
    void aFailedActivationLeavesItsSiblingsRunningAndTheContainerGoesAfterThem() throws Exception {
        WhiskAction action = action("nodejs:20", "async function main(p) {\n"
                + "  await new Promise(r => setTimeout(r, 300));\n"
                + "  if (p.fail) return 'not a dictionary';\n"
                + "  console.log('ok ' + p.id); return { id: p.id };\n}\n", 5);
        int before = created.get();
        int destroyedBefore = destroyed.get();
        List<WhiskActivation> records = invokeAtOnce(action, 5, 1);
        assertEquals(ActivationResponse.DEVELOPER_ERROR, records.get(0).response().statusCode(), records.get(0).toString());
        for (int id = 1; id < 5; id++) {
            WhiskActivation a = records.get(id);
            assertEquals(ActivationResponse.SUCCESS, a.response().statusCode(), a.toString());
            assertEquals(List.of("stdout: ok " + id), texts(a));
        }
        assertEquals(1, created.get() - before, records.stream().map(r -> r.start() + " " + r.end() + " "
                + r.annotations().get("initTime")).toList().toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (destroyed.get() == destroyedBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, destroyed.get() - destroyedBefore, "the failed activation's container went after its siblings");
        WhiskActivation next = invoke(action, 7, false);
        assertEquals(ActivationResponse.SUCCESS, next.response().statusCode(), next.toString());
        assertTrue(next.annotations().get("initTime").isPresent(), "a fresh container: " + next);
    }

    /** Brisk's Python proxy runs one request at a time: its actions run one activation per container. */
    @Test
    void aPythonActionRunsOneActivationPerContainerWhateverItsConcurrency() throws Exception {
        WhiskAction action = action("python:3.11", "import time\ndef main(args):\n    print('py', args['id'])\n"
                + "    time.sleep(0.3)\n    return {'id': args['id']}\n", 10);
        int before = created.get();
        List<WhiskActivation> records = invokeAtOnce(action, 3, 0);
        for (int id = 0; id < 3; id++) {
            assertEquals(ActivationResponse.SUCCESS, records.get(id).response().statusCode(), records.get(id).toString());
            assertEquals(List.of("stdout: py " + id), texts(records.get(id)));
        }
        assertEquals(3, created.get() - before, "a container each");
    }
}
