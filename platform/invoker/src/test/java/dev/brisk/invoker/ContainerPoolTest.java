package dev.brisk.invoker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.entity.RuntimeKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's placement rules, with an in-memory factory standing in for real containers (this class only). */
class ContainerPoolTest {
    private static final RuntimeKind NODE = new RuntimeKind("nodejs:20", "nodejs", true, "img", false);

    /** Records what the pool does with containers. */
    static final class FakeFactory implements ContainerFactory {
        final AtomicInteger created = new AtomicInteger();
        final List<FakeContainer> destroyed = new CopyOnWriteArrayList<>();
        final List<FakeContainer> suspended = new CopyOnWriteArrayList<>();
        /** What each container reports as private memory; 0: nothing (the limit is reserved, as with Docker). */
        int privateMb;

        @Override
        public Container create(ContainerSpec spec) {
            return new FakeContainer("c" + created.incrementAndGet(), this);
        }

        @Override
        public void close() {
        }
    }

    record FakeContainer(String id, FakeFactory factory) implements Container {
        @Override
        public RuntimeResponse init(ObjectNode body, Duration timeout) {
            return RuntimeResponse.of(200, "{}", 0, 0);
        }

        @Override
        public RuntimeResponse run(ObjectNode body, Duration timeout) {
            return RuntimeResponse.of(200, "{}", 0, 0);
        }

        @Override
        public ActivationLogs logs(long limitBytes, boolean waitForSentinel) {
            return ActivationLogs.EMPTY;
        }

        @Override
        public java.util.OptionalInt privateMemoryMb() {
            return factory.privateMb == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(factory.privateMb);
        }

        @Override
        public void suspend() {
            factory.suspended.add(this);
        }

        @Override
        public void destroy() {
            factory.destroyed.add(this);
        }
    }

    private static ContainerSpec spec(int memory) {
        return new ContainerSpec("t", NODE, memory, Map.of());
    }

    private static InvokerSettings settings(int userMemory, Duration idle, List<InvokerSettings.StemCell> cells) {
        return new InvokerSettings(0, userMemory, idle, Duration.ofMinutes(1), "http://x", cells);
    }

    @Test
    void aReleasedContainerIsReusedForTheSameRevisionOnly() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            WarmKey a1 = new WarmKey("ns", "ns/a", "1-x");
            ContainerPool.Lease first = pool.acquire(a1, spec(256));
            assertFalse(first.warm());
            pool.release(first);
            ContainerPool.Lease again = pool.acquire(a1, spec(256));
            assertTrue(again.warm());
            assertSame(first.container(), again.container());
            pool.release(again);
            ContainerPool.Lease newRevision = pool.acquire(new WarmKey("ns", "ns/a", "2-y"), spec(256));
            assertFalse(newRevision.warm());
            assertNotSame(first.container(), newRevision.container());
        }
    }

    @Test
    void anUpdatedOrDeletedActionsContainersAreRetiredIdleAtOnceBusyWhenDone() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            WarmKey a = new WarmKey("ns", "ns/a", "1-x");
            WarmKey aElsewhere = new WarmKey("other", "ns/a", "1-x"); // a shared action run by another namespace
            WarmKey b = new WarmKey("ns", "ns/b", "1-x");
            ContainerPool.Lease idleA = pool.acquire(a, spec(256));
            ContainerPool.Lease idleA2 = pool.acquire(aElsewhere, spec(256));
            ContainerPool.Lease idleB = pool.acquire(b, spec(256));
            pool.release(idleA);
            pool.release(idleA2);
            pool.release(idleB);
            ContainerPool.Lease busyA = pool.acquire(a, spec(256));      // takes idleA's container
            assertSame(idleA.container(), busyA.container());
            pool.retire("ns/a", "2-y");
            assertEquals(1, pool.idleCount(), "only b's container stays idle");
            pool.release(busyA);                                         // finished after the retirement
            assertEquals(1, pool.idleCount(), "a's busy container is not kept");
            assertEquals(256, pool.usedMemoryMb(), "what a's containers held is free");
            ContainerPool.Lease next = pool.acquire(a, spec(256));
            assertFalse(next.warm(), "no container of the retired action is handed out");
            pool.release(next);                                          // acquired after: kept
            assertEquals(2, pool.idleCount());
            awaitDestroyed(f, 2);
            assertTrue(f.destroyed.contains(idleA.container()) && f.destroyed.contains(idleA2.container()));
            assertFalse(f.destroyed.contains(idleB.container()));
        }
    }

    /**
     * The notice of an update can arrive after the new revision's first activation took its container: that
     * container (of the revision the write produced) is kept, the older revision's are retired.
     */
    @Test
    void aLateNoticeKeepsTheContainersOfTheRevisionItAnnounces() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            WarmKey old = new WarmKey("ns", "ns/a", "1-x");
            WarmKey current = new WarmKey("ns", "ns/a", "2-y");
            pool.release(pool.acquire(old, spec(256)));
            ContainerPool.Lease busyCurrent = pool.acquire(current, spec(256));
            pool.retire("ns/a", "2-y");
            assertEquals(0, pool.idleCount(), "the old revision's container is retired");
            pool.release(busyCurrent);
            assertEquals(1, pool.idleCount(), "the current revision's container is kept");
            assertTrue(pool.acquire(current, spec(256)).warm(), "and handed out warm");
            pool.retire("ns/a", null); // deleted: nothing of it is kept
            awaitDestroyed(f, 1);
        }
    }

    @Test
    void activationsOfAConcurrentActionShareAContainerUpToItsConcurrencyAndItsMemoryIsChargedOnce() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            WarmKey a = new WarmKey("ns", "ns/a", "1-x");
            ContainerPool.Lease first = pool.acquire(a, spec(256), 3);
            assertFalse(first.warm());
            assertFalse(first.shared());
            pool.initialized(first);
            ContainerPool.Lease second = pool.acquire(a, spec(256), 3);
            ContainerPool.Lease third = pool.acquire(a, spec(256), 3);
            assertSame(first.container(), second.container());
            assertSame(first.container(), third.container());
            assertTrue(second.warm() && second.shared() && !second.joinedInit());
            assertEquals(256, pool.usedMemoryMb(), "one container, charged once");
            assertEquals(3, pool.busyCount(), "three activations");
            assertEquals(1, pool.busyContainerCount(), "in one container");
            ContainerPool.Lease fourth = pool.acquire(a, spec(256), 3); // no slot left
            assertNotSame(first.container(), fourth.container());
            assertEquals(512, pool.usedMemoryMb());
            ContainerPool.Lease otherRevision = pool.acquire(new WarmKey("ns", "ns/a", "2-y"), spec(256), 3);
            assertNotSame(fourth.container(), otherRevision.container(), "slots are shared by one revision only");
            pool.release(first);
            pool.release(second);
            assertEquals(0, pool.idleCount(), "idle only when no slot is in use");
            pool.release(third);
            assertEquals(1, pool.idleCount());
            ContainerPool.Lease joins = pool.acquire(a, spec(256), 3);
            assertSame(fourth.container(), joins.container(), "a running container's free slot before an idle one");
            pool.release(joins);
            pool.release(fourth);
            ContainerPool.Lease again = pool.acquire(a, spec(256), 3);
            assertTrue(again.warm() && !again.shared());
            assertEquals(3, f.created.get(), "nothing new started");
        }
    }

    @Test
    void activationsJoiningAContainerStillStartingWaitForItsInit() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            WarmKey a = new WarmKey("ns", "ns/a", "1-x");
            ContainerPool.Lease cold = pool.acquire(a, spec(256), 5);
            ContainerPool.Lease joined = pool.acquire(a, spec(256), 5);
            assertTrue(joined.joinedInit(), "the burst joins the starting container instead of starting its own");
            assertEquals(1, f.created.get());
            assertFalse(pool.awaitInit(joined, Duration.ofMillis(50)), "not initialized yet");
            pool.initialized(cold);
            assertTrue(pool.awaitInit(joined, Duration.ofMillis(50)));

            WarmKey b = new WarmKey("ns", "ns/b", "1-x");
            ContainerPool.Lease failing = pool.acquire(b, spec(256), 5);
            ContainerPool.Lease waiting = pool.acquire(b, spec(256), 5);
            pool.discard(failing); // its /init failed
            assertFalse(pool.awaitInit(waiting, Duration.ofSeconds(1)), "the joiner learns at once");
            assertTrue(f.destroyed.isEmpty(), "still held by the joiner");
            pool.abandon(waiting);
            awaitDestroyed(f, 1);
            assertSame(failing.container(), f.destroyed.get(0));
            assertEquals(256, pool.usedMemoryMb(), "only a's container is charged");
        }
    }

    /** OpenWhisk's ContainerProxy with concurrency > 1: a failed run removes the container once its siblings end. */
    @Test
    void aDeveloperErrorDrainsASharedContainerWithoutStoppingItsSiblings() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            WarmKey a = new WarmKey("ns", "ns/a", "1-x");
            ContainerPool.Lease failing = pool.acquire(a, spec(256), 4);
            pool.initialized(failing);
            ContainerPool.Lease sibling = pool.acquire(a, spec(256), 4);
            assertSame(failing.container(), sibling.container());
            pool.discard(failing);
            assertTrue(f.destroyed.isEmpty(), "not under its running sibling");
            ContainerPool.Lease next = pool.acquire(a, spec(256), 4);
            assertNotSame(failing.container(), next.container(), "a draining container takes no more activations");
            pool.release(sibling);
            awaitDestroyed(f, 1);
            assertSame(failing.container(), f.destroyed.get(0));
            assertEquals(0, pool.idleCount(), "the drained container is not kept");
            assertEquals(256, pool.usedMemoryMb(), "only next's container is charged");
        }
    }

    @Test
    void aRetiredSharedContainerFinishesItsActivationsAndGoes() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            WarmKey old = new WarmKey("ns", "ns/a", "1-x");
            ContainerPool.Lease one = pool.acquire(old, spec(256), 4);
            pool.initialized(one);
            ContainerPool.Lease two = pool.acquire(old, spec(256), 4);
            pool.retire("ns/a", "2-y");
            assertNotSame(one.container(), pool.acquire(old, spec(256), 4).container(),
                    "a late activation of the old revision does not join the retired container");
            pool.release(one);
            assertTrue(f.destroyed.isEmpty(), "its other activation still runs");
            pool.release(two);
            awaitDestroyed(f, 1);
            assertSame(one.container(), f.destroyed.get(0));
            assertEquals(1, pool.retiredCount(), "counted once");
        }
    }

    @Test
    void onlyAContainerWithNoSlotInUseIsSuspended() throws InterruptedException {
        FakeFactory f = new FakeFactory();
        InvokerSettings quick = new InvokerSettings(0, 1024, Duration.ofMinutes(10), Duration.ofMillis(50), "http://x",
                List.of());
        try (ContainerPool pool = new ContainerPool(f, quick)) {
            WarmKey a = new WarmKey("ns", "ns/a", "1-x");
            ContainerPool.Lease one = pool.acquire(a, spec(256), 2);
            pool.initialized(one);
            ContainerPool.Lease two = pool.acquire(a, spec(256), 2);
            pool.release(one);
            Thread.sleep(300); // several pause graces
            assertTrue(f.suspended.isEmpty(), "a slot is in use: " + f.suspended);
            pool.release(two);
            long deadline = System.currentTimeMillis() + 5_000;
            while (f.suspended.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of(one.container()), List.copyOf(f.suspended));
        }
    }

    private static void awaitDestroyed(FakeFactory f, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (f.destroyed.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(n, f.destroyed.size(), "destroyed: " + f.destroyed);
    }

    @Test
    void theOldestIdleContainerMakesRoomWhenMemoryIsShort() throws InterruptedException {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(512, Duration.ofMinutes(10), List.of()))) {
            ContainerPool.Lease a = pool.acquire(new WarmKey("ns", "ns/a", "1"), spec(256));
            pool.release(a);
            ContainerPool.Lease b = pool.acquire(new WarmKey("ns", "ns/b", "1"), spec(256));
            pool.release(b);
            pool.acquire(new WarmKey("ns", "ns/c", "1"), spec(256));
            long deadline = System.currentTimeMillis() + 5_000; // evicted containers are stopped in the background
            while (f.destroyed.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(a.container()), List.copyOf(f.destroyed));
        }
    }

    /**
     * The benchmark's backlog after 100 actions: with every container busy and the memory full, a cold start used to
     * run over budget, and each container released was evicted at once to pay for it, so every activation started
     * cold (9 a second instead of hundreds). Now the cold start waits, and takes the container released.
     */
    @Test
    void aColdStartThatDoesNotFitWaitsForARunningContainerInsteadOfEvictingIt() throws Exception {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(512, Duration.ofMinutes(10), List.of()));
             var waiter = java.util.concurrent.Executors.newSingleThreadExecutor()) {
            WarmKey a = new WarmKey("ns", "ns/a", "1");
            ContainerPool.Lease first = pool.acquire(a, spec(256));
            ContainerPool.Lease second = pool.acquire(a, spec(256));
            var third = waiter.submit(() -> pool.acquire(a, spec(256)));
            Thread.sleep(200);
            assertFalse(third.isDone(), "no room: the third waits rather than run over budget");
            pool.release(first);
            ContainerPool.Lease reused = third.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(reused.warm());
            assertSame(first.container(), reused.container());
            assertEquals(2, f.created.get());
            assertTrue(f.destroyed.isEmpty());
            assertTrue(pool.usedMemoryMb() <= 512, "within budget: " + pool.usedMemoryMb());
            pool.release(second);
            pool.release(reused);
        }
    }

    /** An action that invokes another and waits for it holds its container: the other waits a moment, not for ever. */
    @Test
    void aColdStartWaitsForRoomAtMostAMoment() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(256, Duration.ofMinutes(10), List.of()))) {
            ContainerPool.Lease caller = pool.acquire(new WarmKey("ns", "ns/caller", "1"), spec(256));
            long t0 = System.nanoTime();
            ContainerPool.Lease callee = pool.acquire(new WarmKey("ns", "ns/callee", "1"), spec(256));
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(callee.warm());
            assertTrue(waitedMs >= 1_500 && waitedMs < 10_000, "waited " + waitedMs + " ms");
            assertEquals(2, f.created.get());
            pool.release(caller);
            pool.release(callee);
        }
    }

    @Test
    void aColdStartThatCannotEverFitRunsWhenNothingElseRuns() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(128, Duration.ofMinutes(10), List.of()))) {
            ContainerPool.Lease big = pool.acquire(new WarmKey("ns", "ns/big", "1"), spec(256));
            assertFalse(big.warm());
            assertEquals(1, f.created.get());
        }
    }

    @Test
    void containersWithoutReservedMemoryAreChargedWhatTheyMeasure() throws InterruptedException {
        FakeFactory f = new FakeFactory();
        f.privateMb = 10;
        // 512 MB hold two 256 MB limits, but twenty 10 MB containers: no eviction
        try (ContainerPool pool = new ContainerPool(f, settings(512, Duration.ofMinutes(10), List.of()))) {
            for (int i = 0; i < 20; i++) {
                pool.release(pool.acquire(new WarmKey("ns", "ns/a" + i, "1"), spec(256)));
            }
            Thread.sleep(100);
            assertEquals(20, pool.idleCount());
            assertTrue(f.destroyed.isEmpty());
            for (int i = 0; i < 20; i++) {
                assertTrue(pool.acquire(new WarmKey("ns", "ns/a" + i, "1"), spec(256)).warm());
            }
        }
    }

    /** The trial: 13 containers held 2,333 MB against 2,048 because growth after the first activation was not seen. */
    @Test
    void containersThatGrowAreChargedAgainAndTheBudgetHolds() throws InterruptedException {
        FakeFactory f = new FakeFactory();
        f.privateMb = 100;
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            for (int i = 0; i < 5; i++) {
                pool.release(pool.acquire(new WarmKey("ns", "ns/g" + i, "1"), spec(256)));
            }
            assertEquals(500, pool.usedMemoryMb());
            f.privateMb = 300; // every container now holds three times as much
            ContainerPool.Lease again = pool.acquire(new WarmKey("ns", "ns/g4", "1"), spec(256));
            assertTrue(again.warm());
            pool.release(again); // re-measured on release: 4 x 100 + 300 fits, the reaper sees the rest grow
            assertTrue(pool.usedMemoryMb() <= 1024, "charged " + pool.usedMemoryMb() + " MB of 1024");
            long deadline = System.nanoTime() + 5_000_000_000L; // and the reaper re-measures the idle ones
            while (pool.usedMemoryMb() != 300L * pool.idleCount() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(300L * pool.idleCount(), pool.usedMemoryMb(), "idle containers charged what they hold");
            assertTrue(pool.usedMemoryMb() <= 1024, "charged " + pool.usedMemoryMb() + " MB of 1024");
            assertEquals(3, pool.idleCount(), "3 x 300 MB fit in 1024");
            assertEquals(2, f.destroyed.size(), "evicted");
        }
    }

    @Test
    void idleContainersAreRemovedAfterTheIdleTimeout() throws InterruptedException {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMillis(100), List.of()))) {
            pool.release(pool.acquire(new WarmKey("ns", "ns/a", "1"), spec(256)));
            long deadline = System.currentTimeMillis() + 5_000;
            while (pool.idleCount() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, pool.idleCount());
            assertEquals(1, f.destroyed.size());
        }
    }

    @Test
    void aColdStartTakesAStemCellAndTheCellIsReplaced() throws InterruptedException {
        FakeFactory f = new FakeFactory();
        var cells = List.of(new InvokerSettings.StemCell(NODE, 256, 2));
        try (ContainerPool pool = new ContainerPool(f, settings(2048, Duration.ofMinutes(10), cells))) {
            awaitPrewarmed(pool, 2);
            ContainerPool.Lease lease = pool.acquire(new WarmKey("ns", "ns/a", "1"), spec(256));
            assertFalse(lease.warm(), "a stem cell still needs /init");
            assertTrue(List.of("c1", "c2").contains(lease.container().id()), "came from the stem cells");
            awaitPrewarmed(pool, 2);
            assertEquals(3, f.created.get());
            // another memory size cannot use a 256 MB stem cell
            ContainerPool.Lease big = pool.acquire(new WarmKey("ns", "ns/b", "1"), spec(512));
            assertEquals("c4", big.container().id());
        }
        assertEquals(2, f.destroyed.size(), "stem cells are removed on close");
    }

    @Test
    void aContainerFromAStemCellIsKeptWarmAfterItsActivation() throws InterruptedException {
        FakeFactory f = new FakeFactory();
        f.privateMb = 10;
        var cells = List.of(new InvokerSettings.StemCell(NODE, 256, 2));
        try (ContainerPool pool = new ContainerPool(f, settings(2048, Duration.ofMinutes(10), cells))) {
            awaitPrewarmed(pool, 2);
            WarmKey a = new WarmKey("ns", "ns/a", "1");
            ContainerPool.Lease first = pool.acquire(a, spec(256));
            pool.initialized(first);
            pool.release(first);
            Thread.sleep(1500); // the stem cell's replacement starts
            for (int i = 0; i < 5; i++) {
                ContainerPool.Lease again = pool.acquire(a, spec(256));
                assertTrue(again.warm(), "round " + i);
                assertSame(first.container(), again.container());
                pool.release(again);
            }
            assertEquals(1, pool.idleCount());
        }
    }

    /** After a busy spell the pool is full of idle containers: the stem cell still comes back, as OpenWhisk's do. */
    @Test
    void aStemCellIsReplacedEvenWhenIdleContainersFillThePool() throws InterruptedException {
        FakeFactory f = new FakeFactory();
        var cells = List.of(new InvokerSettings.StemCell(NODE, 256, 1));
        try (ContainerPool pool = new ContainerPool(f, settings(768, Duration.ofMinutes(10), cells))) {
            awaitPrewarmed(pool, 1);
            List<Container> used = new ArrayList<>();
            for (String action : List.of("a", "b", "c")) {
                ContainerPool.Lease lease = pool.acquire(new WarmKey("ns", "ns/" + action, "1"), spec(256));
                used.add(lease.container());
                pool.release(lease);
                awaitPrewarmed(pool, 1);
            }
            // a, b and c idle and a stem cell would be 1024 MB: the oldest idle one (a) made room
            assertEquals(List.of(used.get(0)), List.copyOf(f.destroyed));
            assertTrue(pool.usedMemoryMb() <= 768, "within budget: " + pool.usedMemoryMb());
            assertTrue(pool.acquire(new WarmKey("ns", "ns/c", "1"), spec(256)).warm());
        }
    }

    @Test
    void aStemCellThatFoundThePoolBusyIsReplacedOnceAContainerEnds() throws InterruptedException {
        FakeFactory f = new FakeFactory();
        var cells = List.of(new InvokerSettings.StemCell(NODE, 256, 1));
        try (ContainerPool pool = new ContainerPool(f, settings(512, Duration.ofMinutes(10), cells))) {
            awaitPrewarmed(pool, 1);
            ContainerPool.Lease a = pool.acquire(new WarmKey("ns", "ns/a", "1"), spec(256)); // takes the stem cell
            ContainerPool.Lease b = pool.acquire(new WarmKey("ns", "ns/b", "1"), spec(256));
            ContainerPool.Lease c = pool.acquire(new WarmKey("ns", "ns/c", "1"), spec(256)); // over budget after its wait
            pool.release(a); // b and c busy hold 512 MB: no room for the stem cell's replacement yet
            Thread.sleep(200);
            assertEquals(0, pool.prewarmedCount());
            pool.release(b);
            awaitPrewarmed(pool, 1);
            pool.release(c);
            assertTrue(pool.usedMemoryMb() <= 512, "within budget: " + pool.usedMemoryMb());
        }
    }

    @Test
    void theNextActivationWaitsForAContainerOnlyHavingItsLogsRead() throws Exception {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            WarmKey key = new WarmKey("ns", "ns/a", "1");
            ContainerPool.Lease first = pool.acquire(key, spec(256));
            pool.resultSent(first);
            var next = java.util.concurrent.CompletableFuture.supplyAsync(() -> pool.acquire(key, spec(256)));
            Thread.sleep(5);
            pool.release(first); // its logs are read
            ContainerPool.Lease second = next.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(second.warm(), "the container that was reading logs, warm");
            assertEquals(first.container(), second.container());
            assertEquals(1, f.created.get());
        }
    }

    @Test
    void aContainerStillRunningOrReadingLogsTooLongIsNotWaitedFor() {
        FakeFactory f = new FakeFactory();
        try (ContainerPool pool = new ContainerPool(f, settings(1024, Duration.ofMinutes(10), List.of()))) {
            WarmKey key = new WarmKey("ns", "ns/a", "1");
            ContainerPool.Lease running = pool.acquire(key, spec(256));
            long t0 = System.nanoTime();
            ContainerPool.Lease other = pool.acquire(key, spec(256)); // the first has not answered: no wait
            assertTrue(System.nanoTime() - t0 < 20_000_000L, "no wait for a container still running");
            assertEquals(2, f.created.get());
            pool.resultSent(running);
            pool.resultSent(other);
            ContainerPool.Lease third = pool.acquire(key, spec(256)); // both still reading logs after 25 ms: a new one
            assertEquals(3, f.created.get());
            assertTrue(third.container() != running.container() && third.container() != other.container());
        }
    }

    private static void awaitPrewarmed(ContainerPool pool, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (pool.prewarmedCount() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, pool.prewarmedCount());
    }
}
