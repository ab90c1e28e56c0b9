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
    /**
     * The longest a cold start waits for room (see {@link #mustWaitForRoom}) before it runs over budget. Short: an
     * action that invokes another and waits for its result holds its container, so the other must not wait on it
     * long (a backlog's activations end in milliseconds, and that is the case the wait is for).
     */
    private static final java.time.Duration ROOM_WAIT = java.time.Duration.ofSeconds(2);
    /**
     * The longest an activation waits for a container of its action that has answered and is only having its logs
     * read (see {@link #resultSent}): far less than a cold start, longer than reading a few hundred lines. Without it a
     * client invoking one after another met the previous activation's container still busy and took another one.
     */
    private static final java.time.Duration LOG_READ_WAIT = java.time.Duration.ofMillis(25);

    private final ContainerFactory factory;
    private final InvokerSettings settings;
    private final Map<WarmKey, Deque<Live>> idle = new HashMap<>();
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
    /** A refill found the pool's busy containers holding the room a stem cell needs; the next one to end retries it. */
    private boolean stemCellsShort;

    /**
     * One activation's hold on a container. {@code warm}: the container was initialized before (or is being
     * initialized by a sibling: {@code joinedInit}, then {@link #awaitInit} tells whether that worked); {@code stem}
     * the stem cell's kind when it was one (its replacement starts once this activation is done); {@code shared}
     * whether other activations were running in the container when this one joined it (it then took no container
     * of its own).
     */
    record Lease(WarmKey key, boolean warm, InvokerSettings.StemCell stem, long acquiredNanos, Live live,
                 boolean joinedInit, boolean shared) {
        /** Set for a lease that joined a container being created once {@link #awaitInit} returned true. */
        Container container() {
            return live.container;
        }
    }

    /**
     * A container of the pool with the activations running in it now: up to its action's concurrency (OpenWhisk's
     * limits.concurrency) share it, and the memory is charged once, for the container. Idle when none runs. A
     * {@code draining} container takes no more activations and is destroyed when its last one ends: a developer
     * error or a retirement does not pull it from under its siblings (OpenWhisk's ContainerProxy goes to Removing
     * and destroys the container once activeCount is 0). Guarded by the pool.
     */
    static final class Live {
        /** Null while it is being created (activations may join it then, and wait for its /init). */
        volatile Container container;
        final WarmKey key;
        final InvokerSettings.StemCell stem;
        /** Completed with true once /init succeeded (at once for a container handed out warm), false if it failed. */
        final java.util.concurrent.CompletableFuture<Boolean> initialized = new java.util.concurrent.CompletableFuture<>();
        int concurrency;
        int memoryMb;
        int active;
        boolean draining;
        long idleSince;
        boolean suspended;
        /** Its one activation has answered; its logs are being read (the container is free in a moment). */
        boolean readingLogs;

        Live(Container container, WarmKey key, int concurrency, int memoryMb, InvokerSettings.StemCell stem) {
            this.container = container;
            this.key = key;
            this.concurrency = concurrency;
            this.memoryMb = memoryMb;
            this.stem = stem;
        }

        boolean hasFreeSlot() {
            return !draining && active < concurrency;
        }
    }

    /** The action's (document id) last update or delete: its containers of other revisions are retired. */
    private final Map<String, Retirement> retiredAt = new HashMap<>();

    /** A retirement's time and the revision it keeps (the one its write produced; null for a delete). */
    private record Retirement(long atNanos, String kept) {
    }
    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong retired = new java.util.concurrent.atomic.AtomicLong();
    /** Containers running at least one activation, by warm key. */
    private final Map<WarmKey, List<Live>> inUse = new HashMap<>();

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

    /**
     * Starts stem cells of {@code cell} until its count is reached (on the one starter thread). A stem cell makes room
     * as a cold start does, by evicting the longest idle containers: OpenWhisk keeps its prewarmed containers whatever
     * the pool holds, and without this a pool filled by many actions kept none, so every later cold start paid the
     * whole interpreter start (146 ms instead of 30 on the benchmark's second pass).
     */
    private void refill(InvokerSettings.StemCell cell) {
        String key = stemKey(cell.kind().kind(), cell.memoryMb());
        while (!closed) {
            List<Live> evicted;
            synchronized (this) {
                int have = prewarmed.getOrDefault(key, new ArrayDeque<>()).size();
                if (have >= cell.count()) {
                    return;
                }
                if (usedMemoryMb - idleMemoryMb() + cell.memoryMb() > settings.userMemoryMb()) {
                    // without a retry, a burst that filled the pool with busy containers left none for good
                    stemCellsShort = true;
                    return;
                }
                evicted = makeRoom(cell.memoryMb());
                usedMemoryMb += cell.memoryMb();
            }
            evicted.forEach(i -> destroyQuietly(i.container));
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

    /** A container for one activation at a time (concurrency 1). */
    Lease acquire(WarmKey key, ContainerSpec spec) {
        return acquire(key, spec, 1);
    }

    /**
     * A container for {@code key}: one already running activations of it with a free slot (up to
     * {@code concurrency} share one), else an idle warm one, else a stem cell or a new uninitialized one (a cold
     * start, which later activations may join while it initializes). A new one that does not fit the pool's memory
     * waits for room first ({@link #mustWaitForRoom}).
     */
    Lease acquire(WarmKey key, ContainerSpec spec, int concurrency) {
        List<Live> evicted = new ArrayList<>();
        InvokerSettings.StemCell cell = settings.prewarm().stream()
                .filter(c -> c.kind().kind().equals(spec.kind().kind()) && c.memoryMb() == spec.memoryMb())
                .findFirst().orElse(null);
        Stem stem;
        Live creating = null;
        Lease lease;
        synchronized (this) {
            long waitingSince = System.nanoTime();
            while (true) {
                Lease reused = reuse(key, concurrency);
                if (reused != null) {
                    return reused;
                }
                if (mustWaitForLogRead(key, waitingSince)) {
                    continue;
                }
                stem = takePrewarmed(spec);
                if (stem != null || !mustWaitForRoom(spec.memoryMb(), waitingSince)) {
                    break;
                }
            }
            if (stem != null) {
                lease = leased(inUse(new Live(stem.container(), key, concurrency, stem.memoryMb(), cell), false));
            } else {
                evicted.addAll(makeRoom(spec.memoryMb()));
                usedMemoryMb += spec.memoryMb();
                creating = new Live(null, key, concurrency, spec.memoryMb(), null);
                // registered before it starts: the rest of a burst joins it instead of starting a container each
                lease = leased(inUse(creating, false));
            }
        }
        if (stem != null) {
            // a cold start on a stem cell: only /init is left to pay. Its replacement starts when this activation
            // is done (release or discard), or after a second for a long one: an interpreter starting meanwhile
            // would take the CPU this /init and /run need.
            if (cell != null) {
                reaper.schedule(() -> refillLater(cell), 1, TimeUnit.SECONDS);
            }
            return lease;
        }
        // off the activation's path: the new container does not wait for the old one to stop
        evicted.forEach(i -> destroyer.execute(() -> destroyQuietly(i.container)));
        try {
            creating.container = factory.create(spec);
        } catch (RuntimeException e) {
            synchronized (this) {
                usedMemoryMb -= spec.memoryMb();
                creating.memoryMb = 0;
                notifyAll();
            }
            end(lease, true); // the activations that joined it look elsewhere
            throw e;
        }
        // charged what it holds once started, as a stem cell is: a process container's nominal limit, held until its
        // first release, made a burst of cold starts evict the warm containers just released (every start cold)
        int charge = charge(creating.container, spec.memoryMb());
        synchronized (this) {
            if (!creating.draining && creating.active > 0) {
                usedMemoryMb += charge - creating.memoryMb;
                creating.memoryMb = charge;
                notifyAll(); // charged less than its limit now: room for another
            }
        }
        return lease;
    }

    /**
     * A container {@code key} already has: one running activations of it with a free slot (concurrency > 1), else an
     * idle warm one; null when there is none. Under the lock.
     */
    private Lease reuse(WarmKey key, int concurrency) {
        if (concurrency > 1) {
            for (Live running : inUse.getOrDefault(key, List.of())) {
                if (running.hasFreeSlot()) {
                    running.active++;
                    boolean joinedInit = !running.initialized.isDone();
                    return leased(new Lease(key, true, null, System.nanoTime(), running, joinedInit, true));
                }
            }
        }
        Deque<Live> warm = idle.get(key);
        Live found = warm == null ? null : warm.pollLast();
        if (found == null) {
            return null;
        }
        if (warm.isEmpty()) {
            idle.remove(key);
        }
        if (found.suspended) {
            found.container.resume();
            found.suspended = false;
        }
        found.concurrency = concurrency;
        return leased(inUse(found, true));
    }

    /**
     * A new container that would take the pool over its memory even with every idle one evicted waits while others
     * run: one of them ends soon and makes room, or becomes the warm container this activation reuses (OpenWhisk's
     * pool buffers an activation that does not fit, too). Without the wait a backlog of cold starts, each charged its
     * full limit, evicted every container the moment it was released, and every activation started cold. Runs over
     * budget only when nothing runs that could make room, or after {@link #ROOM_WAIT}. Under the lock; waits on it.
     *
     * @return true after a wait (the caller looks again), false when the container is to be created now
     */
    private boolean mustWaitForRoom(int memoryMb, long waitingSince) {
        long left = ROOM_WAIT.toNanos() - (System.nanoTime() - waitingSince);
        if (closed || usedMemoryMb - idleMemoryMb() + memoryMb <= settings.userMemoryMb() || inUse.isEmpty()
                || left <= 0) {
            return false;
        }
        return awaitChange(left);
    }

    /**
     * Whether a container of {@code key} has answered its one activation and is only having its logs read: it is
     * free in a moment, sooner than a new one would be, so the caller waits for it (at most {@link #LOG_READ_WAIT}).
     * Under the lock; waits on it.
     *
     * @return true after a wait (the caller looks again)
     */
    private boolean mustWaitForLogRead(WarmKey key, long waitingSince) {
        long left = LOG_READ_WAIT.toNanos() - (System.nanoTime() - waitingSince);
        if (closed || left <= 0 || inUse.getOrDefault(key, List.of()).stream()
                .noneMatch(l -> l.readingLogs && l.active == 1 && !l.draining)) {
            return false;
        }
        return awaitChange(left);
    }

    /**
     * The lease's activation has answered (its result is on its way) and only its logs are left to read: an
     * activation of the same action may wait for the container ({@link #mustWaitForLogRead}).
     */
    synchronized void resultSent(Lease lease) {
        lease.live().readingLogs = true;
    }

    /** Waits on the pool's lock until a container ends or {@code nanos} pass; false when interrupted. */
    private boolean awaitChange(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the idle containers are charged: the room evicting all of them would make. Under the lock. */
    private long idleMemoryMb() {
        return idle.values().stream().flatMap(Deque::stream).mapToLong(l -> l.memoryMb).sum();
    }

    /** Makes {@code live} busy with its first activation; a warm one needs no /init. Under the lock. */
    private Lease inUse(Live live, boolean warm) {
        live.active = 1;
        live.readingLogs = false;
        if (warm) {
            live.initialized.complete(true);
        }
        inUse.computeIfAbsent(live.key, k -> new ArrayList<>()).add(live);
        return new Lease(live.key, warm, warm ? null : live.stem, System.nanoTime(), live, false, false);
    }

    /** The lease's cold container answered /init: activations that joined it meanwhile go ahead. */
    void initialized(Lease lease) {
        lease.live().initialized.complete(true);
    }

    /**
     * For a lease that joined a container still initializing: waits up to {@code timeout} for its /init, true when it
     * succeeded. When not, the caller gives the slot back with {@link #abandon} and asks for another container.
     */
    boolean awaitInit(Lease lease, Duration timeout) {
        try {
            return lease.live().initialized.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives back the slot of a lease that did not run (its container's /init failed under a sibling). */
    void abandon(Lease lease) {
        end(lease, false);
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
     * Ends a healthy activation. The container's last activation makes it idle, charged what it measures now: a
     * container grows after its first activation (an action that caches, a background process), and the budget must
     * see it. If that takes the pool over its memory, the longest idle containers go. A container retired or
     * discarded meanwhile is destroyed instead.
     */
    void release(Lease lease) {
        if (retiredSince(lease)) {
            synchronized (this) {
                drain(lease.live()); // its action changed or went while it ran: nothing will ask for it again
            }
        }
        end(lease, false);
    }

    /**
     * Ends an activation that failed in a way that leaves its container suspect (a developer error, a timeout): the
     * container takes no more activations and goes when its last running one ends.
     */
    void discard(Lease lease) {
        end(lease, true);
    }

    private void end(Lease lease, boolean failed) {
        busy.decrementAndGet();
        if (lease.stem() != null) {
            refillLater(lease.stem());
        }
        Live live = lease.live();
        List<Live> evicted = List.of();
        boolean destroy = false;
        synchronized (this) {
            if (failed) {
                live.draining = true;
                live.initialized.complete(false); // a failed /init: the activations that joined it look elsewhere
            }
            live.active--;
            notifyAll(); // a free slot, a container going idle or memory freed: a waiting cold start looks again
            if (live.active > 0) {
                return;
            }
            List<Live> running = inUse.get(live.key);
            if (running != null && running.remove(live) && running.isEmpty()) {
                inUse.remove(live.key);
            }
            if (live.draining) {
                usedMemoryMb -= live.memoryMb;
                destroy = true;
            }
        }
        if (destroy) {
            destroyer.execute(() -> destroyQuietly(live.container));
            refillIfShort();
            return;
        }
        int charge = charge(live.container, live.memoryMb);
        synchronized (this) {
            if (live.draining) { // retired between the two locks
                usedMemoryMb -= live.memoryMb;
                destroy = true;
            } else {
                usedMemoryMb += charge - live.memoryMb;
                live.memoryMb = charge;
                live.idleSince = System.nanoTime();
                idle.computeIfAbsent(live.key, k -> new ArrayDeque<>()).addLast(live);
                evicted = makeRoom(0);
            }
            notifyAll();
        }
        if (destroy) {
            destroyer.execute(() -> destroyQuietly(live.container));
        }
        evicted.forEach(i -> destroyer.execute(() -> destroyQuietly(i.container)));
        refillIfShort();
    }

    /** A container went idle or away: the room a refill lacked may be there now. */
    private void refillIfShort() {
        synchronized (this) {
            if (!stemCellsShort) {
                return;
            }
            stemCellsShort = false;
        }
        settings.prewarm().forEach(this::refillLater);
    }

    /** Stops handing out {@code live} (it goes when its last activation ends); counts a retirement once. */
    private void drain(Live live) {
        if (!live.draining) {
            live.draining = true;
            retired.incrementAndGet();
        }
    }

    /**
     * The action with this document id was updated or deleted: its idle containers (every namespace) of any revision
     * but {@code currentRevision} are destroyed now and its busy ones when their last activation ends, so no container
     * outlives its action and the memory it held is free for others at once. {@code currentRevision} is the revision
     * the write produced (null for a delete): a notice that arrives after the new revision's first activation started
     * must not retire that activation's container. Called for every invalidated entity; other ids match nothing.
     */
    void retire(String actionDocId, String currentRevision) {
        List<Live> gone = new ArrayList<>();
        synchronized (this) {
            retiredAt.put(actionDocId, new Retirement(System.nanoTime(), currentRevision));
            for (Iterator<Map.Entry<WarmKey, Deque<Live>>> it = idle.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<WarmKey, Deque<Live>> e = it.next();
                if (retires(e.getKey(), actionDocId, currentRevision)) {
                    for (Live i : e.getValue()) {
                        usedMemoryMb -= i.memoryMb;
                        gone.add(i);
                    }
                    it.remove();
                }
            }
            inUse.forEach((key, running) -> {
                if (retires(key, actionDocId, currentRevision)) {
                    running.forEach(this::drain);
                }
            });
            notifyAll();
        }
        if (!gone.isEmpty()) {
            retired.addAndGet(gone.size());
            LOG.log(System.Logger.Level.DEBUG, "retired " + gone.size() + " containers of " + actionDocId);
        }
        gone.forEach(i -> destroyer.execute(() -> destroyQuietly(i.container)));
    }

    private static boolean retires(WarmKey key, String actionDocId, String currentRevision) {
        return key.action().equals(actionDocId) && !key.revision().equals(currentRevision);
    }

    private Lease leased(Lease lease) {
        busy.incrementAndGet();
        return lease;
    }

    /** Activations running now. */
    int busyCount() {
        return busy.get();
    }

    /** Containers running at least one activation now. */
    synchronized int busyContainerCount() {
        return inUse.values().stream().mapToInt(List::size).sum();
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

    /** Idle containers evicted, oldest first, until {@code memoryMb} fits (the caller destroys them). */
    private List<Live> makeRoom(int memoryMb) {
        List<Live> evicted = new ArrayList<>();
        while (usedMemoryMb + memoryMb > settings.userMemoryMb()) {
            Live oldest = null;
            WarmKey oldestKey = null;
            for (var e : idle.entrySet()) {
                Live first = e.getValue().peekFirst();
                if (first != null && (oldest == null || first.idleSince < oldest.idleSince)) {
                    oldest = first;
                    oldestKey = e.getKey();
                }
            }
            if (oldest == null) {
                break; // everything is busy: run over budget rather than refuse; admission happens upstream
            }
            Deque<Live> q = idle.get(oldestKey);
            q.pollFirst();
            if (q.isEmpty()) {
                idle.remove(oldestKey);
            }
            usedMemoryMb -= oldest.memoryMb;
            evicted.add(oldest);
        }
        return evicted;
    }

    private void reap() {
        List<Live> expired = new ArrayList<>();
        List<Live> toSuspend = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<Map.Entry<WarmKey, Deque<Live>>> it = idle.entrySet().iterator(); it.hasNext(); ) {
                Deque<Live> q = it.next().getValue();
                for (Iterator<Live> i = q.iterator(); i.hasNext(); ) {
                    Live c = i.next();
                    long idleNanos = now - c.idleSince;
                    if (idleNanos >= settings.idleTimeout().toNanos()) {
                        i.remove();
                        usedMemoryMb -= c.memoryMb;
                        expired.add(c);
                        continue;
                    }
                    int measured = charge(c.container, c.memoryMb); // an idle container can grow too
                    usedMemoryMb += measured - c.memoryMb;
                    c.memoryMb = measured;
                    // only an idle container (no slot in use) is suspended
                    if (!c.suspended && idleNanos >= settings.pauseGrace().toNanos()) {
                        c.suspended = true;
                        toSuspend.add(c);
                    }
                }
                if (q.isEmpty()) {
                    it.remove();
                }
            }
            expired.addAll(makeRoom(0)); // what grew while idle may take the pool over its memory
            notifyAll();
            // a retirement matters to leases acquired before it; none runs longer than an action's maximum time limit
            retiredAt.values().removeIf(r -> now - r.atNanos() > RETIREMENT_MEMORY.toNanos());
            // suspend under the lock so acquire() never hands out a container mid-suspend
            toSuspend.forEach(c -> {
                try {
                    c.container.suspend();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "suspend failed", e);
                }
            });
        }
        expired.forEach(c -> destroyQuietly(c.container));
    }

    synchronized int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    private static void destroyQuietly(Container c) {
        if (c == null) {
            return; // it never started
        }
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
        List<Live> all = new ArrayList<>();
        List<Stem> stems = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
            prewarmed.values().forEach(stems::addAll);
            prewarmed.clear();
            notifyAll(); // waiting cold starts stop waiting
        }
        all.forEach(c -> destroyQuietly(c.container));
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
