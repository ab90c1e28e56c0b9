package dev.brisk.runtimes.process;

import dev.brisk.core.container.LogLine;
import dev.brisk.core.container.SentinelCut;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.LogSentinel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a child's stdout and stderr line by line, stamping each line when it arrives (as Docker's json-file log does),
 * and hands out one activation's lines at a time, split at the sentinel each stream ends an activation with.
 */
final class LogCollector {

    private record Line(String stream, String formatted, int bytes, boolean sentinel) {
    }

    /** Above OpenWhisk's largest log limit (10 MB): a chatty action cannot fill the invoker's heap. */
    static final long MAX_BUFFERED_BYTES = 32L * 1024 * 1024;

    private final LinkedList<Line> lines = new LinkedList<>();
    private long bufferedBytes;
    private final Duration sentinelWait;
    private int openStreams = 2;
    /** When the last line (kept or dropped) arrived: a flood still being read is not a missing sentinel. */
    private long lastLineNanos = System.nanoTime();

    LogCollector(InputStream stdout, InputStream stderr, String name, Duration sentinelWait) {
        this.sentinelWait = sentinelWait;
        // platform threads: a pipe read blocks its carrier, so virtual readers (two per container) would take every
        // carrier of the virtual-thread scheduler and starve the invoker's activations and its HTTP server
        Thread.ofPlatform().daemon().stackSize(256 * 1024).name(name + "-stdout").start(() -> pump(stdout, "stdout"));
        Thread.ofPlatform().daemon().stackSize(256 * 1024).name(name + "-stderr").start(() -> pump(stderr, "stderr"));
    }

    static String format(Instant time, String stream, String message) {
        return LogLine.format(time, stream, message);
    }

    private void pump(InputStream in, String stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String text; (text = reader.readLine()) != null; ) {
                Line line = new Line(stream, format(Instant.now(), stream, text),
                        text.getBytes(StandardCharsets.UTF_8).length + 1, text.equals(LogSentinel.LINE));
                synchronized (lines) {
                    lastLineNanos = System.nanoTime();
                    if (line.sentinel || bufferedBytes + line.bytes <= MAX_BUFFERED_BYTES) {
                        lines.add(line);
                        bufferedBytes += line.bytes;
                        lines.notifyAll();
                    } // else dropped; with any log limit below this bound, logs() reports the truncation
                }
            }
        } catch (IOException e) {
            // the process is gone: nothing more to read
        } finally {
            synchronized (lines) {
                openStreams--;
                lines.notifyAll();
            }
        }
    }

    /**
     * Takes the lines up to each stream's sentinel, in arrival order; lines after a stream's sentinel stay for the next
     * activation. Waits for missing sentinels when asked, as OpenWhisk's DockerContainer.logs does: until no line has
     * come for the idle period ({@code log-wait-ms}), and at most 2 s per MB of the limit (at least 10 s), so a
     * flood still draining from the pipe is read to its end instead of leaking into the next activation.
     */
    ActivationLogs take(long limitBytes, boolean waitForSentinel) {
        SentinelCut cut = new SentinelCut(limitBytes);
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(2 * Math.max(5, limitBytes / (1024 * 1024)));
        synchronized (lines) {
            while (true) {
                for (Iterator<Line> it = lines.iterator(); it.hasNext() && !cut.complete(); ) {
                    Line line = it.next();
                    boolean isStdout = line.stream.equals("stdout");
                    if (!cut.accepts(isStdout)) {
                        continue; // belongs to the next activation
                    }
                    it.remove();
                    bufferedBytes -= line.bytes;
                    cut.take(isStdout, line.sentinel, line.formatted, line.bytes);
                }
                long now = System.nanoTime();
                long left = Math.min(deadline, Math.max(lastLineNanos, started) + sentinelWait.toNanos()) - now;
                if (cut.complete() || !waitForSentinel || openStreams == 0 || left <= 0) {
                    break;
                }
                try {
                    lines.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return cut.result();
    }

    /**
     * Drops what was read so far: the lines of activations that got theirs inline (Brisk's inline-logs extension),
     * which would otherwise pile up unread.
     */
    void discard() {
        synchronized (lines) {
            lines.clear();
            bufferedBytes = 0;
        }
    }

    /** Whether a stderr line not yet taken contains {@code text}; waits up to {@code wait} for the streams to end. */
    boolean stderrContains(String text, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lines) {
            while (openStreams > 0 && System.nanoTime() < deadline) {
                try {
                    lines.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return lines.stream().anyMatch(l -> l.stream.equals("stderr") && l.formatted.contains(text));
        }
    }

    /** The last lines of stderr, for the message of a container that failed to start. */
    String stderrTail(int max) {
        synchronized (lines) {
            List<String> tail = lines.stream().filter(l -> l.stream.equals("stderr")).map(Line::formatted).toList();
            return String.join("\n", tail.subList(Math.max(0, tail.size() - max), tail.size()));
        }
    }
}
