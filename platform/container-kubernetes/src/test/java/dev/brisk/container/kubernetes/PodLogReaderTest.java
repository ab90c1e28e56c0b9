package dev.brisk.container.kubernetes;

import dev.brisk.core.container.LogSentinel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API-server log fallback in isolation. The pod log is a FAKE here (a function that answers like
 * {@code GET pods/<name>/log?timestamps=true&sinceTime=...}, including the second-precision sinceTime the API
 * server has): only this class's bookkeeping is under test. The factory test reads through the mock API server.
 */
class PodLogReaderTest {
    private static final String S = LogSentinel.LINE;

    /** A growing pod log whose sinceTime filter, like the API server's, only looks at whole seconds. */
    private static final class FakePodLog {
        final List<String> lines = new ArrayList<>();
        final List<String> sinceTimes = new ArrayList<>();

        void write(String time, String text) {
            lines.add(time + " " + text);
        }

        String fetch(String sinceTime) {
            sinceTimes.add(sinceTime);
            Instant since = sinceTime == null ? Instant.MIN : Instant.parse(sinceTime);
            return String.join("\n", lines.stream()
                    .filter(l -> !Instant.parse(l.substring(0, l.indexOf(' '))).isBefore(since)).toList()) + "\n";
        }
    }

    @Test
    void splitsActivationsAtTheSentinelsAndSkipsLinesAlreadyTaken() {
        FakePodLog log = new FakePodLog();
        PodLogReader reader = new PodLogReader(log::fetch, 2, Duration.ofMillis(200), Duration.ofMillis(10));
        log.write("2026-01-01T00:00:01.100000000Z", "first");
        log.write("2026-01-01T00:00:01.200000000Z", S);
        log.write("2026-01-01T00:00:01.200000000Z", S); // stderr's sentinel, same nanosecond
        log.write("2026-01-01T00:00:01.300000000Z", "second");
        List<String> first = reader.read(true, null);
        assertEquals(1, first.size(), first.toString());
        assertTrue(first.get(0).endsWith("stdout: first"), first.get(0));
        assertTrue(first.get(0).startsWith("2026-01-01T00:00:01.100000000Z"), first.get(0));
        assertNull(log.sinceTimes.get(0), "the first read takes the whole log");

        log.write("2026-01-01T00:00:01.400000000Z", S);
        log.write("2026-01-01T00:00:02.000000000Z", S);
        List<String> second = reader.read(true, null);
        assertEquals(1, second.size(), second.toString());
        assertTrue(second.get(0).endsWith("stdout: second"));
        assertEquals("2026-01-01T00:00:00.000000000Z", log.sinceTimes.get(log.sinceTimes.size() - 1),
                "sinceTime is a second before the last line taken, the overlap is skipped by position");
    }

    @Test
    void aLineStampedBeforeOneWrittenEarlierIsKept() {
        // the runtime stamps each stream on its own: the log's order need not be the stamps' order
        FakePodLog log = new FakePodLog();
        PodLogReader reader = new PodLogReader(log::fetch, 2, Duration.ofMillis(200), Duration.ofMillis(10));
        log.write("2026-01-01T00:00:05.500000000Z", "out");
        log.write("2026-01-01T00:00:05.600000000Z", S);
        log.write("2026-01-01T00:00:05.400000000Z", "err, stamped before the stdout line");
        log.write("2026-01-01T00:00:05.700000000Z", S);
        log.write("2026-01-01T00:00:05.650000000Z", "next activation, stamped before the last sentinel");
        List<String> first = reader.read(true, null);
        assertEquals(2, first.size(), first.toString());
        assertTrue(first.get(1).endsWith("stdout: err, stamped before the stdout line"), first.toString());
        log.write("2026-01-01T00:00:06.000000000Z", S);
        log.write("2026-01-01T00:00:06.000000000Z", S);
        List<String> second = reader.read(true, null);
        assertEquals(1, second.size(), second.toString());
        assertTrue(second.get(0).endsWith("stdout: next activation, stamped before the last sentinel"), second.toString());
    }

    @Test
    void waitsBoundedForMissingSentinelsAndReturnsWhatThereIs() {
        FakePodLog log = new FakePodLog();
        PodLogReader reader = new PodLogReader(log::fetch, 2, Duration.ofMillis(150), Duration.ofMillis(20));
        log.write("2026-01-01T00:00:01.000000000Z", "no sentinel: the action was killed");
        long start = System.nanoTime();
        List<String> lines = reader.read(true, null);
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, lines.size());
        assertTrue(waited >= 140 && waited < 2_000, "waited " + waited + " ms");
        assertTrue(log.sinceTimes.size() > 2, "re-read while waiting");
        assertEquals(List.of(), reader.read(false, null), "taken lines are not returned twice");
    }

    @Test
    void linesBeforeACutoffAreDropped() {
        FakePodLog log = new FakePodLog();
        PodLogReader reader = new PodLogReader(log::fetch, 2, Duration.ZERO, Duration.ofMillis(10));
        log.write("2026-01-01T00:00:01.000000000Z", "already returned inline");
        log.write("2026-01-01T00:00:03.000000000Z", "after");
        List<String> lines = reader.read(false, Instant.parse("2026-01-01T00:00:02Z"));
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).endsWith("stdout: after"));
    }
}
