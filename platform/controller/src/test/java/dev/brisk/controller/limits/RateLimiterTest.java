package dev.brisk.controller.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RateLimiter limiter = new RateLimiter(now::get);

    @Test
    void admitsUpToTheLimitThenReportsTheCount() {
        assertEquals(0, limiter.acquire("ns", 2));
        assertEquals(0, limiter.acquire("ns", 2));
        assertEquals(3, limiter.acquire("ns", 2));
        assertEquals(3, limiter.acquire("ns", 2)); // refused requests are not remembered
    }

    @Test
    void theWindowSlides() {
        assertEquals(0, limiter.acquire("ns", 2));
        now.addAndGet(30_000);
        assertEquals(0, limiter.acquire("ns", 2));
        now.addAndGet(29_999);
        assertEquals(3, limiter.acquire("ns", 2));
        now.addAndGet(1); // the first request is a minute old
        assertEquals(0, limiter.acquire("ns", 2));
        assertEquals(3, limiter.acquire("ns", 2));
    }

    @Test
    void namespacesAreCountedApart() {
        assertEquals(0, limiter.acquire("a", 1));
        assertEquals(2, limiter.acquire("a", 1));
        assertEquals(0, limiter.acquire("b", 1));
    }

    @Test
    void aZeroLimitRefusesEverything() {
        assertEquals(1, limiter.acquire("ns", 0));
    }
}
