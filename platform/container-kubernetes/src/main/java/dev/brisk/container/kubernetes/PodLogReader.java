package dev.brisk.container.kubernetes;

import dev.brisk.core.container.LogLine;
import dev.brisk.core.container.LogSentinel;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The fallback for runtime images without {@link InlineLogs}: reads the action container's log through the API
 * server ({@code GET pods/<name>/log?timestamps=true&sinceTime=...}) up to the sentinels, one activation at a time.
 *
 * <p>{@code sinceTime} has second precision, so each read returns some lines again: they are recognised by their
 * nanosecond timestamps (and, for equal timestamps, by how many were taken) and skipped. The API server merges
 * stdout and stderr without saying which is which: lines are reported as {@code stdout}, and an activation ends
 * after {@code sentinels} sentinel lines (one per stream for OpenWhisk's proxies).
 */
final class PodLogReader {
    /** Nine fraction digits, like the process factory's lines. */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(9).toFormatter();

    /** The pod log with timestamps, from {@code sinceTime} (RFC 3339, or null for all of it). */
    private final Function<String, String> fetch;
    private final int sentinels;
    private final Duration wait;
    private final Duration poll;
    private Instant lastTime;
    private int takenAtLastTime;

    PodLogReader(Function<String, String> fetch, int sentinels, Duration wait, Duration poll) {
        this.fetch = fetch;
        this.sentinels = sentinels;
        this.wait = wait;
        this.poll = poll;
    }

    private record Line(Instant time, String text) {
    }

    /**
     * The lines written since the last call (and after {@code notBefore}, when given), up to the sentinels; waits
     * for them (bounded) when asked. Lines after the last sentinel stay for the next call.
     */
    synchronized List<String> read(boolean waitForSentinel, Instant notBefore) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Line> fresh;
        int end;
        while (true) {
            fresh = fresh(fetch.apply(lastTime == null ? null : TIME.format(lastTime.truncatedTo(ChronoUnit.SECONDS))));
            end = fresh.size();
            int seen = 0;
            for (int i = 0; i < fresh.size(); i++) {
                if (fresh.get(i).text.equals(LogSentinel.LINE) && ++seen == sentinels) {
                    end = i + 1;
                    break;
                }
            }
            if (seen >= sentinels || !waitForSentinel || System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> lines = new ArrayList<>();
        for (Line line : fresh.subList(0, end)) {
            if (line.time.equals(lastTime)) {
                takenAtLastTime++;
            } else {
                lastTime = line.time;
                takenAtLastTime = 1;
            }
            boolean early = notBefore != null && line.time.isBefore(notBefore);
            if (!line.text.equals(LogSentinel.LINE) && !early) {
                lines.add(LogLine.format(line.time, "stdout", line.text));
            }
        }
        return lines;
    }

    /** The lines of {@code log} not taken yet, in order. */
    private List<Line> fresh(String log) {
        List<Line> lines = new ArrayList<>();
        int atLastTime = 0;
        for (String raw : log == null ? List.<String>of() : log.lines().toList()) {
            int space = raw.indexOf(' ');
            Instant time;
            try {
                time = Instant.parse(space < 0 ? raw : raw.substring(0, space));
            } catch (DateTimeParseException e) {
                continue; // not a timestamped line
            }
            String text = space < 0 ? "" : raw.substring(space + 1);
            if (lastTime != null) {
                if (time.isBefore(lastTime)) {
                    continue;
                }
                if (time.equals(lastTime) && atLastTime++ < takenAtLastTime) {
                    continue;
                }
            }
            lines.add(new Line(time, text));
        }
        return lines;
    }
}
