package dev.brisk.container.docker;

import dev.brisk.core.container.LogLine;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.LogSentinel;
import dev.brisk.core.container.SentinelCut;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's log (the engine's {@code docker logs --timestamps --since}) incrementally and hands out one
 * activation's lines at a time, split at the sentinel the proxy writes to stdout and to stderr after each activation.
 *
 * <p>Reads ask for whole seconds ({@code since}): each read starts a second before the last frame
 * read and skips, by position, the frames of that read that were read before: the engine returns a container's log in
 * the order it was written, but the two streams' copiers stamp their frames independently, so a stderr frame can be
 * stamped earlier than the stdout frame written before it and times cannot tell new frames from old ones. Lines after
 * a stream's sentinel stay for the next activation. A line longer than the engine's 16 KB message size arrives in
 * parts (no trailing newline but on the last) and is joined again.
 */
final class DockerLogReader {
    /** Above OpenWhisk's largest log limit (10 MB): a chatty action cannot fill the invoker's heap. */
    static final long MAX_BUFFERED_BYTES = 32L * 1024 * 1024;

    enum Stream {
        STDOUT, STDERR;

        String label() {
            return this == STDOUT ? "stdout" : "stderr";
        }
    }

    /** One frame of the engine's multiplexed log stream: {@code <RFC 3339 time> <message>[\n]}. */
    record Frame(Stream stream, String payload) {
    }

    /** Where frames come from: the engine in production, a list in the unit tests. */
    interface Source {
        /** The frames of the container's log from {@code sinceEpochSecond} (inclusive, 0 = all), in order. */
        List<Frame> read(long sinceEpochSecond);
    }

    private record Line(Stream stream, String formatted, int bytes, boolean sentinel) {
    }

    private final Source source;
    private final BooleanSupplier running;
    private final Duration wait;
    private final Duration poll;
    private final LinkedList<Line> pending = new LinkedList<>();
    private final Map<Stream, StringBuilder> partial = new EnumMap<>(Stream.class);
    private final Map<Stream, Instant> partialTime = new EnumMap<>(Stream.class);
    private long pendingBytes;
    // `docker logs --since <anchor>` returns, in the log file's order, every frame stamped at or after the anchor; the
    // first `consumed` of them were read before. Frames of the two streams can be written slightly out of time order,
    // so frames are told apart by their position, never by comparing times
    private long anchor;
    private int consumed;

    DockerLogReader(Source source, BooleanSupplier running, Duration wait, Duration poll) {
        this.source = source;
        this.running = running;
        this.wait = wait;
        this.poll = poll;
    }

    static String format(Instant time, String stream, String message) {
        return LogLine.format(time, stream, message);
    }

    /**
     * Takes the lines up to each stream's sentinel, in the log's order; waits (bounded by {@code log-wait-ms}) for
     * missing sentinels when asked and the container still runs.
     */
    synchronized ActivationLogs take(long limitBytes, boolean waitForSentinel) {
        SentinelCut cut = new SentinelCut(limitBytes);
        long deadline = System.nanoTime() + wait.toNanos();
        int rounds = 0;
        while (true) {
            fetch();
            for (Iterator<Line> it = pending.iterator(); it.hasNext() && !cut.complete(); ) {
                Line line = it.next();
                boolean isStdout = line.stream == Stream.STDOUT;
                if (!cut.accepts(isStdout)) {
                    continue; // belongs to the next activation
                }
                it.remove();
                pendingBytes -= line.bytes;
                cut.take(isStdout, line.sentinel, line.formatted, line.bytes);
            }
            if (cut.complete() || !waitForSentinel || System.nanoTime() > deadline) {
                break;
            }
            // a stopped container (OOM-killed, crashed) writes no sentinel: read once more, then give up
            if (++rounds % 5 == 0 && !running.getAsBoolean()) {
                fetch();
                waitForSentinel = false;
                continue;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return cut.result();
    }

    /** The last lines still pending (not yet taken by an activation), for the message of a failed start. */
    synchronized String tail(int max) {
        fetch();
        List<String> all = pending.stream().map(Line::formatted).toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - max), all.size()));
    }

    /** Reads the frames written since the anchor and appends their complete lines to {@link #pending}. */
    private void fetch() {
        List<Frame> frames;
        try {
            frames = source.read(anchor);
        } catch (RuntimeException e) {
            return; // the container is gone: what was read is all there is
        }
        long lastSecond = -1;
        long[] seconds = new long[frames.size()]; // each frame's second, parsed once, for moving the anchor below
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            String payload = frame.payload();
            int space = payload.indexOf(' ');
            Instant time;
            try {
                time = Instant.parse(space < 0 ? payload.strip() : payload.substring(0, space));
            } catch (DateTimeParseException e) {
                seconds[i] = Long.MIN_VALUE; // not a timestamped frame: docker's since filter would not return it
                continue;
            }
            lastSecond = time.getEpochSecond();
            seconds[i] = lastSecond;
            if (i < consumed) {
                continue; // read before
            }
            String message = space < 0 ? "" : payload.substring(space + 1);
            boolean complete = message.endsWith("\n");
            if (complete) {
                message = message.substring(0, message.length() - 1);
            }
            StringBuilder started = partial.get(frame.stream());
            Instant lineTime = partialTime.getOrDefault(frame.stream(), time);
            if (started != null) {
                message = started.append(message).toString();
            }
            if (!complete) {
                partial.put(frame.stream(), new StringBuilder(message));
                partialTime.putIfAbsent(frame.stream(), time);
                continue;
            }
            partial.remove(frame.stream());
            partialTime.remove(frame.stream());
            add(frame.stream(), lineTime, message);
        }
        consumed = Math.max(consumed, frames.size());
        // move the anchor up to a second before the last frame (a margin for out-of-order stamps), so later reads
        // stay short; what was read at or after the new anchor stays counted as consumed
        long next = lastSecond - 1;
        if (next > anchor) {
            int kept = 0;
            for (long second : seconds) {
                if (second >= next) {
                    kept++;
                }
            }
            anchor = next;
            consumed = kept;
        }
    }

    private void add(Stream stream, Instant time, String text) {
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        boolean sentinel = text.equals(LogSentinel.LINE);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length + 1;
        if (sentinel || pendingBytes + bytes <= MAX_BUFFERED_BYTES) {
            pending.add(new Line(stream, format(time, stream.label(), text), bytes, sentinel));
            pendingBytes += bytes;
        } // else dropped; with any log limit below this bound, take() reports the truncation
    }
}
