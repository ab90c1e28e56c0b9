package dev.brisk.container.kubernetes;

import dev.brisk.core.container.InlineLogs;
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
 * <p>{@code sinceTime} has second precision, so each read starts a second before the last line taken and returns
 * some lines again: they are recognised by their position (the log comes back in the order it was written), never by
 * their times, which the runtime stamps per stream and which need not be in that order. The API server merges
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
    /** Reads return, in the log's order, every line stamped at or after this whole second (null: from the start). */
    private Instant anchor;
    /** How many of those lines were taken before. */
    private int consumed;

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
        List<Line> all;
        List<Line> fresh;
        int end;
        while (true) {
            all = lines(fetch.apply(anchor == null ? null : TIME.format(anchor)));
            fresh = all.subList(Math.min(consumed, all.size()), all.size());
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
            boolean early = notBefore != null && line.time.isBefore(notBefore);
            if (!line.text.equals(LogSentinel.LINE) && !early) {
                lines.add(LogLine.format(line.time, "stdout", line.text));
            }
        }
        advance(all, Math.min(consumed, all.size()) + end);
        return lines;
    }

    /**
     * Counts the first {@code taken} lines of {@code all} as read, and moves the anchor up to a second before the last
     * of them (a margin for lines stamped out of order), so later reads stay short.
     */
    private void advance(List<Line> all, int taken) {
        consumed = taken;
        if (taken == 0) {
            return;
        }
        Instant next = all.get(taken - 1).time.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        if (anchor == null || next.isAfter(anchor)) {
            int kept = 0;
            for (Line line : all.subList(0, taken)) {
                if (!line.time.isBefore(next)) {
                    kept++;
                }
            }
            anchor = next;
            consumed = kept;
        }
    }

    /** The timestamped lines of {@code log}, in order. */
    private static List<Line> lines(String log) {
        List<Line> lines = new ArrayList<>();
        for (String raw : log == null ? List.<String>of() : log.lines().toList()) {
            int space = raw.indexOf(' ');
            Instant time;
            try {
                time = Instant.parse(space < 0 ? raw : raw.substring(0, space));
            } catch (DateTimeParseException e) {
                continue; // not a timestamped line
            }
            lines.add(new Line(time, space < 0 ? "" : raw.substring(space + 1)));
        }
        return lines;
    }
}
