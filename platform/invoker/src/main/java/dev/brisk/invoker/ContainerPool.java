package dev.brisk.invoker;

import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerSpec;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.ListIterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps initialized containers warm per action revision, suspends them after the pause grace and removes them after
 * the idle timeout. The pool's memory budget counts busy and idle containers (each at its limit, or at its measured
 * private memory where the factory does not reserve the limit); when a new container does not fit,
 * the longest idle ones are removed first, as OpenWhisk's ContainerPool does.
 */
final class ContainerPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ContainerPool.class.getName());
    /** Longer than any activation runs (OpenWhisk's maximum time limit is 5 minutes, plus log collection). */
    private static final java.time.Duration RETIREMENT_MEMORY = java.time.Duration.ofMinutes(10);

    private final ContainerFactory factory;
    private final InvokerSettings settings;
    private final Map<WarmKey, Deque<Idle>> idle = new HashMap<>();
    private final Map<String, Deque<Stem>> prewarmed = new HashMap<>(); // by kind and memory
    private final java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("prewarm-starter").daemon().factory());
    // platform threads: stopping a container waits on its process, which would pin a virtual thread's carrier
    private final java.util.concurrent.ExecutorService destroyer = java.util.concurrent.Executors.newCachedThreadPool(
            Thread.ofPlatform().name("container-destroyer-", 0).daemon().factory());
    private volatile boolean closed;
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("container-reaper").daemon().factory());
    private long usedMemoryMb;

    /**
     * A container handed out to one activation; {@code warm} tells whether it was initialized before, {@code stem}
     * the stem cell's kind when it was one (its replacement starts once this activation is done).
     */
    record Lease(Container container, WarmKey key, int memoryMb, boolean warm, InvokerSettings.StemCell stem,
                 long acquiredNanos) {
        Lease(Container container, WarmKey key, int memoryMb, boolean warm) {
            this(container, key, memoryMb, warm, null);
        }

        Lease(Container container, WarmKey key, int memoryMb, boolean warm, InvokerSettings.StemCell stem) {
            this(container, key, memoryMb, warm, stem, System.nanoTime());
        }
    }

    /** When each action (its document id) was last updated or deleted: its containers from before are retired. */
    private final Map<String, Retirement> retiredAt = new HashMap<>();

    /** A retirement's time and the revision it keeps (the one its write produced; null for a delete). */
    private record Retirement(long atNanos, String kept) {
    }
    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong retired = new java.util.concurrent.atomic.AtomicLong();

    private record Idle(Container container, int memoryMb, long since, boolean[] suspended) {
    }

    /** A started, uninitialized container and the memory it is charged. */
    private record Stem(Container container, int memoryMb) {
    }

    ContainerPool(ContainerFactory factory, InvokerSettings settings) {
        this.factory = factory;
        this.settings = settings;
        long tick = Math.max(50, Math.min(settings.pauseGrace().toMillis(), 1000));
        reaper.scheduleWithFixedDelay(this::reap, tick, tick, TimeUnit.MILLISECONDS);
        settings.prewarm().forEach(cell -> starter.submit(() -> refill(cell)));
    }

    private static String stemKey(String kind, int memoryMb) {
        return kind + "@" + memoryMb;
    }

    /** Starts stem cells of {@code cell} until its count is reached (on the one starter thread). */
    private void refill(InvokerSettings.StemCell cell) {
        String key = stemKey(cell.kind().kind(), cell.memoryMb());
        while (!closed) {
            synchronized (this) {
                int have = prewarmed.getOrDefault(key, new ArrayDeque<>()).size();
                if (have >= cell.count() || usedMemoryMb + cell.memoryMb() > settings.userMemoryMb()) {
                    return;
                }
                usedMemoryMb += cell.memoryMb();
            }
            try {
                Container c = factory.create(new ContainerSpec("prewarm_" + cell.kind().family(), cell.kind(),
                        cell.memoryMb(), java.util.Map.of("__OW_API_HOST", settings.apiHost())));
                int charge = charge(c, cell.memoryMb());
                synchronized (this) {
                    usedMemoryMb += charge - cell.memoryMb();
                    if (closed) {
                        destroyQuietly(c);
                        return;
                    }
                    prewarmed.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new Stem(c, charge));
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    usedMemoryMb -= cell.memoryMb();
                }
                LOG.log(System.Logger.Level.WARNING, "could not prewarm a " + cell.kind().kind() + " container", e);
                return;
            }
        }
    }

    /** A stem cell of the spec's kind and memory, handed over with its memory; null when none is ready. */
    private synchronized Stem takePrewarmed(ContainerSpec spec) {
        Deque<Stem> cells = prewarmed.get(stemKey(spec.kind().kind(), spec.memoryMb()));
        return cells == null ? null : cells.pollFirst();
    }

    /**
     * What a container counts against user-memory: its limit where the factory reserves it, else the memory its
     * processes hold privately (a process container's limit is not reserved, and the interpreter's file pages are
     * shared by all of them), so the budget keeps as many warm as the memory really allows.
     */
    private static int charge(Container c, int limitMb) {
        return c.privateMemoryMb().orElse(limitMb);
    }

    /** A warm container for {@code key}, or a new uninitialized one (a cold start). */
    Lease acquire(WarmKey key, ContainerSpec spec) {
        List<Idle> evicted = new ArrayList<>();
        Stem stem = null;
        synchronized (this) {
            Deque<Idle> warm = idle.get(key);
            Idle found = warm == null ? null : warm.pollLast();
            if (found != null) {
                if (warm.isEmpty()) {
                    idle.remove(key);
                }
                if (found.suspended()[0]) {
                    found.container().resume();
                }
                return leased(new Lease(found.container(), key, found.memoryMb(), true));
            }
            stem = takePrewarmed(spec);
            if (stem == null) {
                evicted.addAll(makeRoom(spec.memoryMb()));
                usedMemoryMb += spec.memoryMb();
            }
        }
        if (stem != null) {
            // a cold start on a stem cell: only /init is left to pay. Its replacement starts when this activation
            // is done (release or discard), or after a second for a long one: an interpreter starting meanwhile
            // would take the CPU this /init and /run need.
            InvokerSettings.StemCell cell = settings.prewarm().stream()
                    .filter(c -> c.kind().kind().equals(spec.kind().kind()) && c.memoryMb() == spec.memoryMb())
                    .findFirst().orElse(null);
            if (cell != null) {
                reaper.schedule(() -> refillLater(cell), 1, TimeUnit.SECONDS);
            }
            return leased(new Lease(stem.container(), key, stem.memoryMb(), false, cell));
        }
        // off the activation's path: the new container does not wait for the old one to stop
        evicted.forEach(i -> destroyer.execute(() -> destroyQuietly(i.container())));
        try {
            return leased(new Lease(factory.create(spec), key, spec.memoryMb(), false));
        } catch (RuntimeException e) {
            synchronized (this) {
                usedMemoryMb -= spec.memoryMb();
            }
            throw e;
        }
    }

    /** Queues a refill of {@code cell} on the starter thread (a full cell makes it a no-op). */
    private void refillLater(InvokerSettings.StemCell cell) {
        try {
            starter.submit(() -> refill(cell));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the pool is closing: no more stem cells
        }
    }

    /**
     * Returns a healthy container for reuse, charged what it measures now: a container grows after its first
     * activation (an action that caches, a background process), and the budget must see it. If that takes the pool
     * over its memory, the longest idle containers go.
     */
    void release(Lease lease) {
        if (retiredSince(lease)) {
            retired.incrementAndGet();
            discard(lease); // its action changed or went while it ran: nothing will ask for this container again
            return;
        }
        busy.decrementAndGet();
        if (lease.stem() != null) {
            refillLater(lease.stem());
        }
        int charge = charge(lease.container(), lease.memoryMb());
        List<Idle> evicted;
        synchronized (this) {
            usedMemoryMb += charge - lease.memoryMb();
            idle.computeIfAbsent(lease.key(), k -> new ArrayDeque<>())
                    .addLast(new Idle(lease.container(), charge, System.nanoTime(), new boolean[1]));
            evicted = makeRoom(0);
        }
        evicted.forEach(i -> destroyer.execute(() -> destroyQuietly(i.container())));
    }

    /**
     * The action with this document id was updated or deleted: its idle containers (every namespace) of any revision
     * but {@code currentRevision} are destroyed now and its busy ones when their activation ends, so no container
     * outlives its action and the memory it held is free for others at once. {@code currentRevision} is the revision
     * the write produced (null for a delete): a notice that arrives after the new revision's first activation started
     * must not retire that activation's container. Called for every invalidated entity; other ids match nothing.
     */
    void retire(String actionDocId, String currentRevision) {
        List<Idle> gone = new ArrayList<>();
        synchronized (this) {
            retiredAt.put(actionDocId, new Retirement(System.nanoTime(), currentRevision));
            for (Iterator<Map.Entry<WarmKey, Deque<Idle>>> it = idle.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<WarmKey, Deque<Idle>> e = it.next();
                if (e.getKey().action().equals(actionDocId) && !e.getKey().revision().equals(currentRevision)) {
                    for (Idle i : e.getValue()) {
                        usedMemoryMb -= i.memoryMb();
                        gone.add(i);
                    }
                    it.remove();
                }
            }
        }
        if (!gone.isEmpty()) {
            retired.addAndGet(gone.size());
            LOG.log(System.Logger.Level.DEBUG, "retired " + gone.size() + " containers of " + actionDocId);
        }
        gone.forEach(i -> destroyer.execute(() -> destroyQuietly(i.container())));
    }

    private Lease leased(Lease lease) {
        busy.incrementAndGet();
        return lease;
    }

    /** Containers running an activation now. */
    int busyCount() {
        return busy.get();
    }

    /** Containers retired because their action changed or went. */
    long retiredCount() {
        return retired.get();
    }

    private synchronized boolean retiredSince(Lease lease) {
        Retirement r = retiredAt.get(lease.key().action());
        return r != null && r.atNanos() - lease.acquiredNanos() > 0 && !lease.key().revision().equals(r.kept());
    }

    /** The memory the pool charges its containers, busy and idle (what the budget compares with user-memory). */
    synchronized long usedMemoryMb() {
        return usedMemoryMb;
    }

    /** Removes a container that failed or timed out. */
    void discard(Lease lease) {
        busy.decrementAndGet();
        if (lease.stem() != null) {
            refillLater(lease.stem());
        }
        synchronized (this) {
            usedMemoryMb -= lease.memoryMb();
        }
        destroyer.execute(() -> destroyQuietly(lease.container()));
    }

    /** Idle containers evicted, oldest first, until {@code memoryMb} fits (the caller destroys them). */
    private List<Idle> makeRoom(int memoryMb) {
        List<Idle> evicted = new ArrayList<>();
        while (usedMemoryMb + memoryMb > settings.userMemoryMb()) {
            Idle oldest = null;
            WarmKey oldestKey = null;
            for (var e : idle.entrySet()) {
                Idle first = e.getValue().peekFirst();
                if (first != null && (oldest == null || first.since() < oldest.since())) {
                    oldest = first;
                    oldestKey = e.getKey();
                }
            }
            if (oldest == null) {
                break; // everything is busy: run over budget rather than refuse; admission happens upstream
            }
            Deque<Idle> q = idle.get(oldestKey);
            q.pollFirst();
            if (q.isEmpty()) {
                idle.remove(oldestKey);
            }
            usedMemoryMb -= oldest.memoryMb();
            evicted.add(oldest);
        }
        return evicted;
    }

    private void reap() {
        List<Idle> expired = new ArrayList<>();
        List<Idle> toSuspend = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<Map.Entry<WarmKey, Deque<Idle>>> it = idle.entrySet().iterator(); it.hasNext(); ) {
                Deque<Idle> q = it.next().getValue();
                for (ListIterator<Idle> i = new ArrayList<>(q).listIterator(); i.hasNext(); ) {
                    Idle c = i.next();
                    long idleNanos = now - c.since();
                    int measured = charge(c.container(), c.memoryMb()); // an idle container can grow too
                    if (measured != c.memoryMb() && idleNanos < settings.idleTimeout().toNanos()) {
                        usedMemoryMb += measured - c.memoryMb();
                        Idle remeasured = new Idle(c.container(), measured, c.since(), c.suspended());
                        q.removeFirstOccurrence(c);
                        q.addLast(remeasured);
                        c = remeasured;
                    }
                    if (idleNanos >= settings.idleTimeout().toNanos()) {
                        q.removeFirstOccurrence(c);
                        usedMemoryMb -= c.memoryMb();
                        expired.add(c);
                    } else if (!c.suspended()[0] && idleNanos >= settings.pauseGrace().toNanos()) {
                        c.suspended()[0] = true;
                        toSuspend.add(c);
                    }
                }
                if (q.isEmpty()) {
                    it.remove();
                }
            }
            expired.addAll(makeRoom(0)); // what grew while idle may take the pool over its memory
            // a retirement matters to leases acquired before it; none runs longer than an action's maximum time limit
            retiredAt.values().removeIf(r -> now - r.atNanos() > RETIREMENT_MEMORY.toNanos());
            // suspend under the lock so acquire() never hands out a container mid-suspend
            toSuspend.forEach(c -> {
                try {
                    c.container().suspend();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "suspend failed", e);
                }
            });
        }
        expired.forEach(c -> destroyQuietly(c.container()));
    }

    synchronized int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    private static void destroyQuietly(Container c) {
        try {
            c.destroy();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not destroy container " + c.id(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        reaper.shutdownNow();
        starter.shutdownNow();
        List<Idle> all = new ArrayList<>();
        List<Stem> stems = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
            prewarmed.values().forEach(stems::addAll);
            prewarmed.clear();
        }
        all.forEach(c -> destroyQuietly(c.container()));
        stems.forEach(c -> destroyQuietly(c.container()));
        destroyer.shutdown();
        try {
            destroyer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized int prewarmedCount() {
        return prewarmed.values().stream().mapToInt(Deque::size).sum();
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
