package dev.brisk.container.docker;

import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.LogSentinel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.brisk.container.docker.DockerLogReader.Stream.STDERR;
import static dev.brisk.container.docker.DockerLogReader.Stream.STDOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log reader against a fake engine that honours whole-second {@code since} as Docker does. */
class DockerLogReaderTest {
    private final List<DockerLogReader.Frame> log = new ArrayList<>();
    private final List<Long> sinces = new ArrayList<>();
    private boolean running = true;
    private final DockerLogReader reader = new DockerLogReader(since -> {
        sinces.add(since);
        return log.stream().filter(f -> Instant.parse(f.payload().substring(0, f.payload().indexOf(' ')))
                .getEpochSecond() >= since).toList();
    }, () -> running, Duration.ofMillis(300), Duration.ofMillis(5));

    private void write(DockerLogReader.Stream stream, String time, String text) {
        log.add(new DockerLogReader.Frame(stream, time + " " + text));
    }

    private void sentinels(String time) {
        write(STDOUT, time, LogSentinel.LINE + "\n");
        write(STDERR, time, LogSentinel.LINE + "\n");
    }

    @Test
    void eachActivationGetsItsLinesOnceInOpenWhisksFormat() {
        write(STDOUT, "2026-01-01T10:00:00.1Z", "hello\n");
        write(STDERR, "2026-01-01T10:00:00.2Z", "warn\n");
        sentinels("2026-01-01T10:00:00.3Z");
        ActivationLogs first = reader.take(1 << 20, true);
        assertEquals(List.of("2026-01-01T10:00:00.100000000Z stdout: hello",
                "2026-01-01T10:00:00.200000000Z stderr: warn"), first.lines());
        // the second activation, in the same second as the first: nothing of the first comes back
        write(STDOUT, "2026-01-01T10:00:00.3Z", "again\n"); // same instant as the sentinels: still new
        sentinels("2026-01-01T10:00:00.4Z");
        ActivationLogs second = reader.take(1 << 20, true);
        assertEquals(List.of("2026-01-01T10:00:00.300000000Z stdout: again"), second.lines());
        assertEquals(1_767_261_599L, sinces.get(sinces.size() - 1),
                "re-reads from a second before the last second read");
    }

    @Test
    void aStderrLineStampedBeforeAStdoutLineWrittenEarlierIsKept() {
        // the engine's two stream copiers can append a frame stamped earlier than the one before it in the file
        write(STDOUT, "2026-01-01T10:00:00.1Z", "hello\n");
        write(STDOUT, "2026-01-01T10:00:00.5Z", LogSentinel.LINE + "\n");
        write(STDERR, "2026-01-01T10:00:00.3Z", "oops\n");
        write(STDERR, "2026-01-01T10:00:00.6Z", LogSentinel.LINE + "\n");
        ActivationLogs logs = reader.take(1 << 20, true);
        assertEquals(List.of("2026-01-01T10:00:00.100000000Z stdout: hello",
                "2026-01-01T10:00:00.300000000Z stderr: oops"), logs.lines());
    }

    @Test
    void linesAfterAStreamsSentinelBelongToTheNextActivation() {
        write(STDOUT, "2026-01-01T10:00:01Z", "one\n");
        write(STDOUT, "2026-01-01T10:00:01.5Z", LogSentinel.LINE + "\n");
        write(STDOUT, "2026-01-01T10:00:02Z", "two\n");
        write(STDERR, "2026-01-01T10:00:02.5Z", LogSentinel.LINE + "\n");
        write(STDOUT, "2026-01-01T10:00:03Z", LogSentinel.LINE + "\n");
        write(STDERR, "2026-01-01T10:00:03Z", LogSentinel.LINE + "\n");
        assertEquals(List.of("2026-01-01T10:00:01.000000000Z stdout: one"), reader.take(1 << 20, true).lines());
        assertEquals(List.of("2026-01-01T10:00:02.000000000Z stdout: two"), reader.take(1 << 20, true).lines());
    }

    @Test
    void waitsBoundedForMissingSentinelsAndStopsWhenTheContainerStopped() {
        write(STDOUT, "2026-01-01T10:00:00.5Z", "partial output\n");
        running = false;
        long start = System.nanoTime();
        ActivationLogs logs = reader.take(1 << 20, true);
        assertEquals(1, logs.lines().size());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 300, "gave up early on a stopped container");
        assertEquals(List.of(), reader.take(1 << 20, false).lines());
    }

    @Test
    void longLinesArriveInPartsAndAreJoined() {
        write(STDOUT, "2026-01-01T10:00:00.1Z", "abc");
        write(STDOUT, "2026-01-01T10:00:00.2Z", "def\n");
        sentinels("2026-01-01T10:00:00.3Z");
        assertEquals(List.of("2026-01-01T10:00:00.100000000Z stdout: abcdef"), reader.take(1 << 20, true).lines());
    }

    @Test
    void theLimitTruncatesAndTheRestOfTheActivationIsDropped() {
        for (int i = 0; i < 10; i++) {
            write(STDOUT, "2026-01-01T10:00:00." + (i + 1) + "Z", "line " + i + "\n");
        }
        sentinels("2026-01-01T10:00:01Z");
        write(STDOUT, "2026-01-01T10:00:02Z", "next\n");
        sentinels("2026-01-01T10:00:02.5Z");
        ActivationLogs cut = reader.take(20, true);
        assertTrue(cut.truncated());
        assertEquals(3, cut.lines().size(), cut.lines().toString()); // two lines of 7 bytes, then the notice
        assertEquals(List.of("2026-01-01T10:00:02.000000000Z stdout: next"), reader.take(1 << 20, true).lines());
    }
}
