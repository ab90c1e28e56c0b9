package dev.brisk.invoker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.RuntimeResponse;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a failed activation's record holds in its logs, with real action processes (the process factory and Brisk's
 * proxies): the error the runtime wrote just before it answered is there, every time, and the record is not held
 * back waiting for a sentinel that does not come.
 */
class ActionRunnerLogsTest {
    @TempDir
    static Path work;
    static ProcessContainerFactory factory;
    static ContainerPool pool;
    static ActionRunner runner;
    static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() {
        factory = new ProcessContainerFactory(Map.of("work-dir", work.toString()));
        InvokerSettings settings = new InvokerSettings(0, 2048, Duration.ofMinutes(10), Duration.ofMinutes(10),
                "http://127.0.0.1");
        pool = new ContainerPool(factory, settings);
        runner = new ActionRunner(pool, RuntimeManifest.standard(), settings);
    }

    @AfterAll
    static void stop() {
        pool.close();
        factory.close();
    }

    private static WhiskActivation invoke(String kind, String code) {
        String name = "a" + ids.incrementAndGet();
        WhiskAction action = new WhiskAction("guest", name, SemVer.INITIAL, false, Parameters.EMPTY,
                Parameters.EMPTY, new Exec(kind, code, false, null), new ActionLimits(10_000, 256, 10, 1), 0);
        ActivationMessage msg = new ActivationMessage("tid", String.format("%032x", ids.get()), "guest/" + name,
                "1-a", new Identity("guest", "guest", "uuid", "uuid:key"), Json.object(), 0, true, null,
                System.currentTimeMillis(), null);
        return runner.run(msg, action, "1-a");
    }

    private static List<String> stderr(WhiskActivation activation) {
        return activation.logs().stream().filter(l -> l.matches("^\\S+Z\\s+stderr: .*"))
                .map(l -> l.substring(l.indexOf(" stderr: ") + " stderr: ".length())).toList();
    }

    @Test
    void aNodeSyntaxErrorIsInTheLogsOfEveryColdStart() {
        for (int i = 0; i < 5; i++) { // every time: the lines were written just before /init answered
            long t0 = System.nanoTime();
            WhiskActivation a = invoke("nodejs:20", "function main(params {\n  return params;\n}");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(ActivationResponse.DEVELOPER_ERROR, a.response().statusCode(), a.toString());
            List<String> err = stderr(a);
            assertTrue(err.get(0).startsWith("Error during initialization: SyntaxError: "), err.toString());
            // OpenWhisk's note for a developer error ends the logs
            assertTrue(a.logs().get(a.logs().size() - 1).contains("Log data might be missing."), a.logs().toString());
            assertTrue(millis < 1_500, "waited " + millis + " ms for a sentinel");
        }
    }

    @Test
    void anErrorThrownByNodeMainIsInTheLogsEveryTime() {
        for (int i = 0; i < 5; i++) {
            WhiskActivation a = invoke("nodejs:20", "function main() { throw new Error('no more coffee'); }");
            assertEquals(ActivationResponse.DEVELOPER_ERROR, a.response().statusCode(), a.toString());
            assertEquals("An error has occurred: Error: no more coffee", a.response().result().path("error").asText());
            List<String> err = stderr(a);
            assertEquals("Error: no more coffee", err.get(0), err.toString());
        }
    }

    @Test
    void aPythonSyntaxErrorAndAnExceptionAreInTheLogs() {
        WhiskActivation syntax = invoke("python:3.11", "def main(args):\n    return 1 +* 2\n");
        assertEquals(ActivationResponse.DEVELOPER_ERROR, syntax.response().statusCode(), syntax.toString());
        assertEquals("invalid syntax", stderr(syntax).get(0), syntax.logs().toString());

        WhiskActivation raised = invoke("python:3.11", "def main(args):\n    return {'r': 1 / 0}\n");
        assertEquals(ActivationResponse.APPLICATION_ERROR, raised.response().statusCode(), raised.toString());
        assertEquals("division by zero", raised.response().result().path("error").asText());
        List<String> err = stderr(raised);
        assertEquals("Traceback (most recent call last):", err.get(0), err.toString());
        assertEquals("ZeroDivisionError: division by zero", err.get(err.size() - 1), err.toString());
    }

    /**
     * A container's log goes with it, as an engine's does: a failed init's logs are read before the container is
     * discarded (the Docker testbed lost the syntax error when the destroyer ran first).
     */
    @Test
    void aFailedInitsLogsAreReadBeforeItsContainerIsDestroyed() {
        ContainerFactory forgetful = new ContainerFactory() {
            @Override
            public Container create(ContainerSpec spec) throws ContainerException {
                Container real = factory.create(spec);
                java.util.concurrent.atomic.AtomicBoolean gone = new java.util.concurrent.atomic.AtomicBoolean();
                return new Container() {
                    public String id() { return real.id(); }
                    public RuntimeResponse init(ObjectNode body, Duration timeout) { return real.init(body, timeout); }
                    public RuntimeResponse run(ObjectNode body, Duration timeout) { return real.run(body, timeout); }
                    public ActivationLogs logs(long limitBytes, boolean wait) {
                        pause(); // an engine's log read takes a while: time enough for a destroyer started before
                        return gone.get() ? new ActivationLogs(List.of(), false) : real.logs(limitBytes, wait);
                    }
                    public void destroy() { gone.set(true); real.destroy(); }
                };
            }

            @Override
            public void close() {
            }
        };
        InvokerSettings settings = new InvokerSettings(0, 2048, Duration.ofMinutes(10), Duration.ofMinutes(10),
                "http://127.0.0.1");
        try (ContainerPool eager = new ContainerPool(forgetful, settings)) {
            ActionRunner eagerRunner = new ActionRunner(eager, RuntimeManifest.standard(), settings);
            String name = "a" + ids.incrementAndGet();
            WhiskAction action = new WhiskAction("guest", name, SemVer.INITIAL, false, Parameters.EMPTY,
                    Parameters.EMPTY, new Exec("python:3.11", "def main(args):\n    return 1 +* 2\n", false, null),
                    new ActionLimits(10_000, 256, 10, 1), 0);
            ActivationMessage msg = new ActivationMessage("tid", String.format("%032x", ids.get()), "guest/" + name,
                    "1-a", new Identity("guest", "guest", "uuid", "uuid:key"), Json.object(), 0, true, null,
                    System.currentTimeMillis(), null);
            WhiskActivation a = eagerRunner.run(msg, action, "1-a");
            assertEquals("invalid syntax", stderr(a).get(0), a.logs().toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aMissingMainWritesNoSentinelAndIsNotWaitedFor() {
        long t0 = System.nanoTime();
        WhiskActivation a = invoke("nodejs:20", "function niam() { return {}; }");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ActivationResponse.DEVELOPER_ERROR, a.response().statusCode(), a.toString());
        assertEquals("Missing main/no code to execute.", a.response().result().path("error").asText());
        assertTrue(millis < 1_500, "a 403 of /init ends no logs; waited " + millis + " ms");
    }
}
