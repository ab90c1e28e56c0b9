package dev.brisk.testbed.process;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sustained mixed traffic against the process testbed (nginx TLS, controller, CouchDB, Kafka, two invokers) at a
 * fixed rate for {@code brisk.soak.minutes} (default 10): 0 errors, and every activation id handed out has its
 * record at the end. Not in the default build (minutes long): {@code ci/soak [minutes]} or {@code -Psoak}.
 */
class SoakIT {
    private static final double RATE = Double.parseDouble(System.getProperty("brisk.soak.rate", "5"));
    private static final double MINUTES = Double.parseDouble(System.getProperty("brisk.soak.minutes", "10"));
    /**
     * Operations allowed in flight (a bound: about 50 s of the rate); more means the platform fell behind, which
     * counts as an error. 64 was too tight for one cold start of every action at once on a loaded 2-core machine.
     */
    private static final int MAX_IN_FLIGHT = 256;

    @Test
    void sustainedMixedTrafficLosesNothing() throws Exception {
        Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("soak");
        // the jars are copied: rebuilding the reactor during a long soak must not change what runs
        Path jars = SoakJars.copy(work.resolve("jars"));
        long seed = Long.getLong("brisk.soak.seed", 7L);
        long total = Math.round(RATE * MINUTES * 60);
        try (ProcessTestbed testbed = ProcessTestbed.builder().workDir(work.resolve("testbed"))
                .controllerJar(jars.resolve("controller/brisk-controller.jar"))
                .invokerJar(jars.resolve("invoker/brisk-invoker.jar")).build().start()) {
            System.out.println("soak: " + total + " operations at " + RATE + "/s for " + MINUTES + " min, seed " + seed
                    + "\n" + testbed.describe());
            SoakClient client = new SoakClient(testbed);
            client.setUp();
            client.warmUp(); // the first cold start of each action is not what a soak measures
            SoakLedger ledger = new SoakLedger();
            SoakTraffic traffic = new SoakTraffic(seed);
            ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            AtomicLong behind = new AtomicLong();
            long t0 = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = t0 + (long) (i * 1e9 / RATE);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!inFlight.tryAcquire()) {
                    behind.incrementAndGet();
                    ledger.error("fell behind: " + MAX_IN_FLIGHT + " operations in flight at #" + i);
                    continue;
                }
                long index = i;
                workers.submit(() -> {
                    try {
                        client.run(traffic.op(index), index, traffic.action(index), ledger);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            workers.shutdown();
            assertTrue(workers.awaitTermination(3, TimeUnit.MINUTES), "operations still running 3 min after the last");
            double seconds = (System.nanoTime() - t0) / 1e9;

            List<String> missing = client.verifyRecorded(new ArrayList<>(ledger.activationIds), Duration.ofSeconds(120));
            String figures = String.format("soak figures: %d operations (%d HTTP requests) in %.0f s = %.2f ops/s "
                            + "(target %.2f), p50 %.1f ms, p99 %.1f ms, %d activations, %d recorded, %d missing, %d errors; mix %s",
                    ledger.operations(), ledger.requests.get(), seconds, ledger.operations() / seconds, RATE,
                    ledger.percentileMillis(50), ledger.percentileMillis(99), ledger.activationIds.size(),
                    ledger.activationIds.size() - missing.size(), missing.size(), ledger.errors.size(), ledger.counts());
            System.out.println(figures);
            Files.createDirectories(work);
            Files.writeString(work.resolve("soak-figures.txt"), figures + "\n");
            assertEquals(List.of(), List.copyOf(ledger.errors).subList(0, Math.min(20, ledger.errors.size())),
                    ledger.errors.size() + " errors; " + figures);
            assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())),
                    missing.size() + " activations without a record; " + figures);
            assertEquals(total, ledger.operations(), "every scheduled operation ran");
        }
    }
}
