package dev.brisk.core.container;

/**
 * The answer of {@code /init} or {@code /run}: HTTP status and body, with the interval the call took.
 * {@code failure} is set when there was no HTTP answer.
 */
public record RuntimeResponse(int status, String body, long start, long end, Failure failure) {
    /** MEMORY_EXHAUSTED: no answer because the action ran out of its memory and was killed (OpenWhisk's MemoryExhausted). */
    public enum Failure { TIMEOUT, NO_RESPONSE, MEMORY_EXHAUSTED }

    public static RuntimeResponse of(int status, String body, long start, long end) {
        return new RuntimeResponse(status, body, start, end, null);
    }

    public static RuntimeResponse failed(Failure failure, long start, long end) {
        return new RuntimeResponse(0, null, start, end, failure);
    }

    public boolean ok() {
        return failure == null && status == 200;
    }

    public long millis() {
        return end - start;
    }
}
