package dev.brisk.core.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ContainerFactory} must do, whatever runs the containers (processes, Docker, Kubernetes): start
 * a container that speaks OpenWhisk's runtime protocol, initialize it once, run it repeatedly, collect each
 * activation's logs in OpenWhisk's format up to the sentinel, report a timeout, and stop it for good.
 */
public abstract class ContainerFactoryContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final List<Container> started = new ArrayList<>();

    /** The factory under test (one per test class is fine). */
    protected abstract ContainerFactory factory();

    /** A spec of the kind {@link #echoInit()} and {@link #sleepInit(long)} are written for. */
    protected abstract ContainerSpec spec();

    /** An {@code /init} body for an action that prints {@code hello} on stdout and returns its parameters. */
    protected abstract ObjectNode echoInit();

    /** An {@code /init} body for an action that waits {@code millis} and returns {@code {}}. */
    protected abstract ObjectNode sleepInit(long millis);

    /**
     * An {@code /init} body for an action that writes {@code p.lines} lines, alternately to stdout ({@code out <i>})
     * and stderr ({@code err <i>}), each padded with {@code x} to {@code p.size} characters, and returns {@code {}}.
     */
    protected abstract ObjectNode chattyInit();

    /**
     * An {@code /init} body for an action that logs {@code start <p.id>}, waits {@code p.wait} ms, logs {@code end
     * <p.id>} on stderr and returns {@code {"id": p.id}}, for a factory whose containers run requests concurrently
     * ({@link Container#runConcurrently}); null (the default) where they do not, and the concurrency test is skipped.
     */
    protected ObjectNode concurrentInit() {
        return null;
    }

    private Container start() {
        Container c = factory().create(spec());
        started.add(c);
        return c;
    }

    private static ObjectNode run(ObjectNode value) {
        ObjectNode body = Json.object();
        body.set("value", value);
        body.put("activation_id", "0123456789abcdef0123456789abcdef");
        body.put("namespace", "guest");
        body.put("action_name", "/guest/contract");
        body.put("deadline", Long.toString(System.currentTimeMillis() + 60_000));
        return body;
    }

    @AfterEach
    void destroyStarted() {
        started.forEach(c -> {
            try {
                c.destroy();
            } catch (RuntimeException ignored) {
                // already gone
            }
        });
        started.clear();
    }

    @Test
    void initThenRunReturnsTheResult() {
        Container c = start();
        assertNotNull(c.id());
        assertTrue(c.init(echoInit(), TIMEOUT).ok(), "init");
        RuntimeResponse r = c.run(run(Json.object().put("x", 1)), TIMEOUT);
        assertEquals(200, r.status(), r.body());
        JsonNode result = Json.parse(r.body());
        assertEquals(1, result.path("x").asInt());
        assertTrue(r.end() >= r.start());
    }

    @Test
    void aWarmContainerRunsAgainWithoutInit() {
        Container c = start();
        assertTrue(c.init(echoInit(), TIMEOUT).ok());
        for (int i = 0; i < 3; i++) {
            RuntimeResponse r = c.run(run(Json.object().put("i", i)), TIMEOUT);
            assertEquals(i, Json.parse(r.body()).path("i").asInt());
            c.logs(1 << 20, true);
        }
    }

    @Test
    void aSecondInitIsRefused() {
        Container c = start();
        assertTrue(c.init(echoInit(), TIMEOUT).ok());
        RuntimeResponse again = c.init(echoInit(), TIMEOUT);
        assertFalse(again.ok(), "a container is initialized once");
    }

    @Test
    void logsOfAnActivationAreFormattedAndEndAtTheSentinel() {
        Container c = start();
        assertTrue(c.init(echoInit(), TIMEOUT).ok());
        c.run(run(Json.object()), TIMEOUT);
        ActivationLogs first = c.logs(1 << 20, true);
        assertTrue(first.lines().stream().anyMatch(l -> l.matches(
                "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+Z\\s+stdout: hello")), first.lines().toString());
        assertTrue(first.lines().stream().noneMatch(l -> l.contains(LogSentinel.LINE)), "sentinel left out");
        c.run(run(Json.object()), TIMEOUT);
        ActivationLogs second = c.logs(1 << 20, true);
        assertEquals(1, second.lines().stream().filter(l -> l.endsWith("stdout: hello")).count(),
                "each activation gets its own lines: " + second.lines());
    }

    @Test
    void everyLineOfBothStreamsArrivesOnceInItsActivation() {
        // the two streams are written by separate pipes: lines of one must not be lost or moved behind the other's
        Container c = start();
        assertTrue(c.init(chattyInit(), TIMEOUT).ok());
        for (int times = 0; times < 3; times++) {
            int round = times;
            RuntimeResponse r = c.run(run(Json.object().put("lines", 400).put("size", 40)), TIMEOUT);
            assertEquals(200, r.status(), r.body());
            List<String> lines = c.logs(1 << 20, true).lines();
            assertEquals(400, lines.size(), "round " + round + ": " + lines);
            for (int i = 0; i < 400; i++) {
                String stream = i % 2 == 0 ? "stdout" : "stderr";
                String text = (i % 2 == 0 ? "out " : "err ") + i;
                int at = i;
                assertEquals(1, lines.stream().filter(l -> l.contains(stream + ": " + text + " ")).count(),
                        () -> "round " + round + ": line " + at + " once, on " + stream);
            }
        }
    }

    @Test
    void logsOverTheLimitEndWithTheMarkerAndTheNextActivationStartsClean() {
        Container c = start();
        assertTrue(c.init(chattyInit(), TIMEOUT).ok());
        c.run(run(Json.object().put("lines", 2048).put("size", 1023)), TIMEOUT);
        ActivationLogs flooded = c.logs(1 << 20, true);
        assertTrue(flooded.truncated(), "2 MB of logs over a 1 MB limit");
        String last = flooded.lines().get(flooded.lines().size() - 1);
        assertTrue(last.matches("\\S+Z\\s+stderr: Logs were truncated because the total bytes size exceeds the limit of"
                + " 1048576 bytes\\."), "the last line is a stderr line, as OpenWhisk's: " + last);
        assertTrue(flooded.lines().size() > 900, "kept what fits: " + flooded.lines().size() + " lines");
        c.run(run(Json.object().put("lines", 4).put("size", 10)), TIMEOUT);
        List<String> next = c.logs(1 << 20, true).lines();
        assertEquals(4, next.size(), "nothing of the flood leaks into the next activation: " + next);
    }

    /** However large an answer, the container keeps a bounded start of it and reports its whole length. */
    @Test
    void anAnswerLargerThanWhatIsKeptIsTruncatedWithItsLength() {
        Container c = start();
        assertTrue(c.init(echoInit(), TIMEOUT).ok());
        String big = "x".repeat(RuntimeResponse.KEPT_BYTES + (4 << 20));
        RuntimeResponse r = c.run(run(Json.object().put("big", big)), TIMEOUT);
        assertEquals(200, r.status(), "status of a " + big.length() + "-byte answer: " + r.failure());
        assertTrue(r.isTruncated(), "a 20 MB answer was kept whole");
        assertTrue(r.truncatedFrom() > big.length(), "length " + r.truncatedFrom());
        assertEquals(RuntimeResponse.KEPT_BYTES, r.body().length(), "kept");
        assertTrue(r.body().startsWith("{"), r.body().substring(0, 20));
        // and the container answers the next activation as before
        assertTrue(c.run(run(Json.object().put("n", 1)), TIMEOUT).ok());
    }

    @Test
    void aRunLongerThanItsTimeoutIsReportedAsATimeout() {
        Container c = start();
        assertTrue(c.init(sleepInit(5_000), TIMEOUT).ok());
        long begin = System.nanoTime();
        RuntimeResponse r = c.run(run(Json.object()), Duration.ofMillis(500));
        long tookMillis = (System.nanoTime() - begin) / 1_000_000;
        assertEquals(RuntimeResponse.Failure.TIMEOUT, r.failure());
        assertTrue(tookMillis < 4_000, "gave up after " + tookMillis + " ms");
    }

    @Test
    void concurrentRunsOfOneContainerEachGetTheirOwnLogs() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(concurrentInit() != null, "containers of this factory run one request at a time");
        Container c = start();
        assertTrue(c.init(concurrentInit(), TIMEOUT).ok());
        int n = 8;
        List<java.util.concurrent.Future<Container.ConcurrentRun>> runs = new ArrayList<>();
        long t0 = System.nanoTime();
        try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int id = 0; id < n; id++) {
                ObjectNode value = Json.object().put("id", id).put("wait", 500);
                runs.add(clients.submit(() -> c.runConcurrently(run(value), TIMEOUT, 1024 * 1024)));
            }
            for (int id = 0; id < n; id++) {
                Container.ConcurrentRun r = runs.get(id).get();
                assertTrue(r.response().ok(), r.response().toString());
                assertEquals(id, Json.parse(r.response().body()).path("id").asInt(), r.response().body());
                assertTrue(r.logs().isPresent(), "the answer carries the activation's own lines");
                List<String> texts = r.logs().get().lines().stream().map(l -> l.replaceFirst("^\\S+\\s+", "")).toList();
                assertEquals(List.of("stdout: start " + id, "stderr: end " + id), texts);
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < n * 500 / 2, "ran at once, not one after another: " + millis + " ms");
    }

    @Test
    void aDestroyedContainerNoLongerAnswers() {
        Container c = start();
        assertTrue(c.init(echoInit(), TIMEOUT).ok());
        c.destroy();
        RuntimeResponse r = c.run(run(Json.object()), Duration.ofSeconds(5));
        assertNotEquals(200, r.status());
        assertFalse(r.ok());
    }

    @Test
    void containersAreIndependent() {
        Container a = start();
        Container b = start();
        assertNotEquals(a.id(), b.id());
        assertTrue(a.init(echoInit(), TIMEOUT).ok());
        assertTrue(b.init(echoInit(), TIMEOUT).ok(), "b is not initialized by a's init");
    }
}
