package dev.brisk.core.container;

import dev.brisk.core.error.Messages;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/** One line of an activation's logs in OpenWhisk's format: {@code <time padded to 30> <stream>: <text>}. */
public final class LogLine {
    /** Always nine fraction digits ({@code ISO_INSTANT} drops them for whole seconds). */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(9).toFormatter();

    private LogLine() {
    }

    public static String format(Instant time, String stream, String text) {
        return String.format("%-30s %s: %s", TIME.format(time), stream, text);
    }

    /** A note the platform adds to an activation's logs: a stderr line stamped now, as OpenWhisk's invoker adds it. */
    public static String note(String text) {
        return format(Instant.now(), "stderr", text);
    }

    /** The last line of logs cut at {@code limitBytes}. */
    public static String truncated(long limitBytes) {
        return note(Messages.logsTruncated(limitBytes));
    }
}
