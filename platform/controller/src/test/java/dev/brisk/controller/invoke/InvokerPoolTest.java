package dev.brisk.controller.invoke;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Placement and the memory the controller counts on each invoker. */
class InvokerPoolTest {
    private static final long NOW = 1_000_000;

    private static InvokerPool pool(int invokers, int userMemoryMb) {
        InvokerPool pool = new InvokerPool(10_000);
        for (int i = 0; i < invokers; i++) {
            pool.ping(i, NOW, userMemoryMb);
        }
        return pool;
    }

    @Test
    void anActionOfConcurrencyOneIsChargedPerActivationAndSpillsToTheNextInvoker() {
        InvokerPool pool = pool(2, 1024);
        List<InvokerPool.Hold> holds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            holds.add(pool.place("guest/a", 256, 1, NOW).orElseThrow());
        }
        int home = holds.getFirst().invoker();
        assertEquals(1024, pool.inFlightMemoryMb(home));
        InvokerPool.Hold fifth = pool.place("guest/a", 256, 1, NOW).orElseThrow();
        assertEquals(1 - home, fifth.invoker(), "the home invoker is full");
        holds.forEach(pool::release);
        pool.release(fifth);
        assertEquals(0, pool.inFlightMemoryMb(0));
        assertEquals(0, pool.inFlightMemoryMb(1));
    }

    @Test
    void activationsSharingAContainerAreChargedItsMemoryOnceAndStayOnOneInvoker() {
        InvokerPool pool = pool(2, 1024);
        List<InvokerPool.Hold> holds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            holds.add(pool.place("guest/io", 256, 50, NOW).orElseThrow());
        }
        int home = holds.getFirst().invoker();
        assertTrue(holds.stream().allMatch(h -> h.invoker() == home), "one container's worth on one invoker");
        assertEquals(256, pool.inFlightMemoryMb(home));
        assertEquals(0, pool.inFlightMemoryMb(1 - home));
        InvokerPool.Hold next = pool.place("guest/io", 256, 50, NOW).orElseThrow();
        assertEquals(home, next.invoker());
        assertEquals(512, pool.inFlightMemoryMb(home), "the 51st needs a second container");
        pool.release(next);
        assertEquals(256, pool.inFlightMemoryMb(home), "a whole container's worth of slots is free again");
        for (int i = 0; i < 49; i++) {
            pool.release(holds.get(i));
        }
        assertEquals(256, pool.inFlightMemoryMb(home), "one activation still runs in the container");
        pool.release(holds.get(49));
        assertEquals(0, pool.inFlightMemoryMb(home));
    }

    @Test
    void anotherActionOrOtherLimitsNeverTakeTheSlotsOfAnAction() {
        InvokerPool pool = pool(1, 4096);
        InvokerPool.Hold a = pool.place("guest/a", 256, 10, NOW).orElseThrow();
        InvokerPool.Hold b = pool.place("guest/b", 256, 10, NOW).orElseThrow();
        InvokerPool.Hold a2 = pool.place("guest/a", 512, 10, NOW).orElseThrow(); // updated to more memory
        assertEquals(256 + 256 + 512, pool.inFlightMemoryMb(0));
        pool.release(a);
        pool.release(b);
        pool.release(a2);
        assertEquals(0, pool.inFlightMemoryMb(0));
    }

    @Test
    void whenEveryInvokerIsFullTheActivationQueuesAtItsHomeInvoker() {
        InvokerPool pool = pool(1, 256);
        InvokerPool.Hold first = pool.place("guest/a", 256, 1, NOW).orElseThrow();
        InvokerPool.Hold second = pool.place("guest/a", 256, 1, NOW).orElseThrow();
        assertEquals(first.invoker(), second.invoker());
        assertEquals(512, pool.inFlightMemoryMb(0));
        pool.release(first);
        pool.release(second);
        assertEquals(0, pool.inFlightMemoryMb(0));
    }

    @Test
    void noHealthyInvokerPlacesNothing() {
        InvokerPool pool = pool(1, 1024);
        assertTrue(pool.place("guest/a", 256, 1, NOW + 60_000).isEmpty());
    }
}
