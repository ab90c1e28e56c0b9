package dev.brisk.core.container;

/**
 * The answer of {@code /init} or {@code /run}: HTTP status and body, with the interval the call took.
 * {@code failure} is set when there was no HTTP answer. An answer longer than a container keeps
 * ({@link #KEPT_BYTES}) holds only its start in {@code body}, and its whole length in {@code truncatedFrom}
 * (0 when {@code body} is whole): an action returning 200 MB is a result-too-large error, not an invoker's 200 MB.
 */
public record RuntimeResponse(int status, String body, long start, long end, Failure failure, long truncatedFrom) {
    /** How much of an answer a container keeps: far above any result limit (OpenWhisk's is 1 MB). */
    public static final int KEPT_BYTES = 16 * 1024 * 1024;

    /** MEMORY_EXHAUSTED: no answer because the action ran out of its memory and was killed (OpenWhisk's MemoryExhausted). */
    public enum Failure { TIMEOUT, NO_RESPONSE, MEMORY_EXHAUSTED }

    public static RuntimeResponse of(int status, String body, long start, long end) {
        return new RuntimeResponse(status, body, start, end, null, 0);
    }

    /** An answer of {@code length} bytes of which {@code start} is the first part. */
    public static RuntimeResponse truncated(int status, String start, long length, long begin, long end) {
        return new RuntimeResponse(status, start, begin, end, null, length);
    }

    public static RuntimeResponse failed(Failure failure, long start, long end) {
        return new RuntimeResponse(0, null, start, end, failure, 0);
    }

    public boolean isTruncated() {
        return truncatedFrom > 0;
    }

    public boolean ok() {
        return failure == null && status == 200;
    }

    public long millis() {
        return end - start;
    }
}
