package dev.brisk.controller.invoke;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the controller knows of the invokers: when each last pinged, how much action memory it offers, and how much
 * of it this controller's in-flight activations use. Placement follows OpenWhisk's sharding balancer: start at
 * the action's home invoker (a hash), step by a size coprime to the pool size, take the first healthy invoker with
 * room, and fall back to the home invoker when all are full.
 *
 * <p>An action whose activations share a container ({@code concurrency} above 1) is charged its memory once per
 * container's worth of activations, as the invoker charges it once per container (OpenWhisk's NestedSemaphore): the
 * first activation takes the memory and leaves {@code concurrency - 1} slots that the next ones on that invoker take
 * without memory; the memory is given back when a whole container's worth of slots is free again. Counting every
 * activation at the action's memory would call an invoker full after a few of them and spread one container's work
 * over every invoker.
 */
final class InvokerPool {
    private final long offlineAfterMillis;
    private final Map<Integer, State> invokers = new ConcurrentHashMap<>();

    /**
     * What one activation holds of an invoker: {@code memoryMb} when {@code concurrency} is 1, else a slot of the
     * containers' worth of memory charged to {@code action} there.
     *
     * @param action the key its container slots are counted under (the caller's namespace and the action; its limits
     *               are part of the key, so an update that changes them never mixes the two counts)
     */
    record Hold(int invoker, String action, int memoryMb, int concurrency) {
    }

    private static final class State {
        volatile long lastPing;
        volatile int userMemoryMb;
        int inFlightMemoryMb; // guarded by the pool
        /** Per action with concurrency above 1: its slots on this invoker. Guarded by the pool. */
        final Map<String, Slots> slots = new java.util.HashMap<>();
    }

    /** An action's container slots on one invoker: those charged but unused, and the activations holding one. */
    private static final class Slots {
        int free;
        int active;
    }

    InvokerPool(long offlineAfterMillis) {
        this.offlineAfterMillis = offlineAfterMillis;
    }

    /** Records a ping; the ping's own time counts, so replayed old pings do not revive a dead invoker. */
    void ping(int invoker, long timestamp, int userMemoryMb) {
        State s = invokers.computeIfAbsent(invoker, i -> new State());
        s.lastPing = Math.max(s.lastPing, timestamp);
        s.userMemoryMb = userMemoryMb;
    }

    boolean isHealthy(int invoker, long now) {
        State s = invokers.get(invoker);
        return s != null && now - s.lastPing <= offlineAfterMillis;
    }

    List<Integer> healthy(long now) {
        List<Integer> ids = new ArrayList<>();
        invokers.forEach((id, s) -> {
            if (now - s.lastPing <= offlineAfterMillis) {
                ids.add(id);
            }
        });
        ids.sort(Integer::compare);
        return ids;
    }

    /** Picks an invoker for an activation of {@code memoryMb} and reserves the memory; empty when none is healthy. */
    Optional<Integer> place(String homeKey, int memoryMb, long now) {
        return place(homeKey, memoryMb, 1, now).map(Hold::invoker);
    }

    /**
     * Picks an invoker for an activation of an action with {@code memoryMb} of which up to {@code concurrency}
     * share a container: the first in stepping order with a free slot of the action's or room for its memory.
     * Empty when no invoker is healthy.
     */
    synchronized Optional<Hold> place(String homeKey, int memoryMb, int concurrency, long now) {
        List<Integer> healthy = healthy(now);
        if (healthy.isEmpty()) {
            return Optional.empty();
        }
        int n = healthy.size();
        int hash = homeKey.hashCode() & 0x7fffffff;
        int home = hash % n;
        int step = stepSize(hash, n);
        Hold hold = new Hold(-1, slotKey(homeKey, memoryMb, concurrency), memoryMb, Math.max(1, concurrency));
        for (int i = 0, pos = home; i < n; i++, pos = (pos + step) % n) {
            int id = healthy.get(pos);
            if (tryAcquire(invokers.get(id), hold, false)) {
                return Optional.of(withInvoker(hold, id));
            }
        }
        int id = healthy.get(home);
        tryAcquire(invokers.get(id), hold, true); // all full: queue at the home invoker, whose feed waits for capacity
        return Optional.of(withInvoker(hold, id));
    }

    private static Hold withInvoker(Hold hold, int invoker) {
        return new Hold(invoker, hold.action(), hold.memoryMb(), hold.concurrency());
    }

    private static String slotKey(String homeKey, int memoryMb, int concurrency) {
        return homeKey + "@" + memoryMb + "x" + concurrency;
    }

    /** A slot of the action's on {@code s}, else its memory (always when {@code force}); under the pool's lock. */
    private static boolean tryAcquire(State s, Hold hold, boolean force) {
        if (hold.concurrency() > 1) {
            Slots slots = s.slots.get(hold.action());
            if (slots != null && slots.free > 0) {
                slots.free--;
                slots.active++;
                return true;
            }
        }
        if (!force && s.inFlightMemoryMb + hold.memoryMb() > s.userMemoryMb) {
            return false;
        }
        s.inFlightMemoryMb += hold.memoryMb();
        if (hold.concurrency() > 1) {
            Slots slots = s.slots.computeIfAbsent(hold.action(), k -> new Slots());
            slots.free += hold.concurrency() - 1;
            slots.active++;
        }
        return true;
    }

    /** Gives back what an activation of {@code memoryMb} (concurrency 1) held of {@code invoker}. */
    void release(int invoker, int memoryMb) {
        release(new Hold(invoker, "", memoryMb, 1));
    }

    /** Gives back what {@code hold} took; a whole container's worth of free slots gives back the memory. */
    synchronized void release(Hold hold) {
        State s = invokers.get(hold.invoker());
        if (s == null) {
            return;
        }
        if (hold.concurrency() > 1) {
            Slots slots = s.slots.get(hold.action());
            if (slots == null) {
                return; // nothing was counted for it (cannot happen: every hold is released once)
            }
            slots.free++;
            slots.active--;
            if (slots.free < hold.concurrency() && slots.active > 0) {
                return; // the container's memory is still in use by its other activations
            }
            slots.free -= hold.concurrency();
            if (slots.active <= 0) {
                s.slots.remove(hold.action());
            }
        }
        s.inFlightMemoryMb = Math.max(0, s.inFlightMemoryMb - hold.memoryMb());
    }

    /** The memory this controller counts in flight on {@code invoker} (tests). */
    synchronized int inFlightMemoryMb(int invoker) {
        State s = invokers.get(invoker);
        return s == null ? 0 : s.inFlightMemoryMb;
    }

    /** A step size coprime to {@code n}, so stepping visits every invoker once. */
    static int stepSize(int hash, int n) {
        if (n <= 1) {
            return 1;
        }
        List<Integer> coprimes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (gcd(i, n) == 1) {
                coprimes.add(i);
            }
        }
        return coprimes.get(hash % coprimes.size());
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    Map<Integer, Long> lastPings() {
        Map<Integer, Long> m = new ConcurrentHashMap<>();
        invokers.forEach((id, s) -> m.put(id, s.lastPing));
        return m;
    }
}
