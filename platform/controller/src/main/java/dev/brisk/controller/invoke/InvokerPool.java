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
 */
final class InvokerPool {
    private final long offlineAfterMillis;
    private final Map<Integer, State> invokers = new ConcurrentHashMap<>();

    private static final class State {
        volatile long lastPing;
        volatile int userMemoryMb;
        int inFlightMemoryMb; // guarded by the pool
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
    synchronized Optional<Integer> place(String homeKey, int memoryMb, long now) {
        List<Integer> healthy = healthy(now);
        if (healthy.isEmpty()) {
            return Optional.empty();
        }
        int n = healthy.size();
        int hash = homeKey.hashCode() & 0x7fffffff;
        int home = hash % n;
        int step = stepSize(hash, n);
        for (int i = 0, pos = home; i < n; i++, pos = (pos + step) % n) {
            State s = invokers.get(healthy.get(pos));
            if (s.inFlightMemoryMb + memoryMb <= s.userMemoryMb) {
                s.inFlightMemoryMb += memoryMb;
                return Optional.of(healthy.get(pos));
            }
        }
        State s = invokers.get(healthy.get(home));
        s.inFlightMemoryMb += memoryMb; // all full: queue at the home invoker, whose feed waits for capacity
        return Optional.of(healthy.get(home));
    }

    synchronized void release(int invoker, int memoryMb) {
        State s = invokers.get(invoker);
        if (s != null) {
            s.inFlightMemoryMb = Math.max(0, s.inFlightMemoryMb - memoryMb);
        }
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
