package dev.brisk.controller.limits;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts requests per key (a namespace) over a sliding one-minute window. Only admitted requests are remembered,
 * so a key holds at most {@code allowed} timestamps however hard it is refused.
 */
public final class RateLimiter {
    static final long WINDOW_MILLIS = 60_000;

    private final LongSupplier clock;
    private final ConcurrentHashMap<String, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();

    public RateLimiter() {
        this(System::currentTimeMillis);
    }

    RateLimiter(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Admits one request of {@code key} when fewer than {@code allowed} were admitted in the last minute.
     *
     * @return 0 when admitted, otherwise the count in the last minute including this request (for OpenWhisk's
     *         "count: N" text)
     */
    public long acquire(String key, int allowed) {
        long now = clock.getAsLong();
        ArrayDeque<Long> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MILLIS) {
                window.pollFirst();
            }
            if (window.size() >= allowed) {
                return window.size() + 1L;
            }
            window.addLast(now);
            return 0;
        }
    }
}
