package dev.brisk.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one operation from N client threads for a warm-up and then a measured period, both bounded in time. */
final class Load {
    /** One request; returns null on success, else a short description of the failure. */
    @FunctionalInterface
    interface Op {
        String call(int client, long sequence) throws Exception;
    }

    /** Latencies in microseconds, 1 µs to 10 min, 3 significant digits. */
    static Histogram histogram() {
        return new Histogram(1, TimeUnit.MINUTES.toMicros(10), 3);
    }

    /** Hard bound on the operations of one run, whatever the duration. */
    private static final long MAX_OPS = 5_000_000;

    static Stats run(String id, String label, int clients, double warmupSeconds, double seconds, Op op)
            throws InterruptedException {
        Histogram total = histogram();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        // a platform that answers nothing successfully (e.g. every blocking call ends in a 202 after 60 s) ends the
        // scenario early instead of holding every client for the whole duration
        AtomicLong anySuccess = new AtomicLong();
        AtomicLong anyFailure = new AtomicLong();
        int giveUpAfter = Math.max(3, clients);
        java.util.concurrent.atomic.AtomicBoolean aborted = new java.util.concurrent.atomic.AtomicBoolean();
        long t0 = System.nanoTime();
        long measureFrom = t0 + (long) (warmupSeconds * 1e9);
        long until = measureFrom + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        List<Histogram> parts = new ArrayList<>();
        long[] lastEnd = new long[clients];
        for (int c = 0; c < clients; c++) {
            Histogram h = histogram();
            parts.add(h);
            int client = c;
            threads.add(Thread.ofPlatform().name("bench-" + id + "-" + c).start(() -> {
                while (true) {
                    long start = System.nanoTime();
                    if (start >= until || sequence.get() >= MAX_OPS || aborted.get()) {
                        break;
                    }
                    long n = sequence.getAndIncrement();
                    String failure;
                    try {
                        failure = op.call(client, n);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    } catch (Exception e) {
                        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    long end = System.nanoTime();
                    if (failure == null) {
                        anySuccess.incrementAndGet();
                    } else if (anyFailure.incrementAndGet() >= giveUpAfter && anySuccess.get() == 0) {
                        aborted.set(true);
                    }
                    if (start >= measureFrom) {
                        lastEnd[client] = end;
                        if (failure == null) {
                            h.recordValue(Math.max(1, Math.min(h.getHighestTrackableValue(), (end - start) / 1000)));
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, failure);
                        }
                    } else if (failure != null) {
                        firstError.compareAndSet(null, "(warm-up) " + failure);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        parts.forEach(total::add);
        long end = measureFrom;
        for (long e : lastEnd) {
            end = Math.max(end, e);
        }
        double measured = Math.max(1e-9, (end - measureFrom) / 1e9);
        Stats stats = new Stats(id, label, clients, ok.get(), errors.get(), measured, total, firstError.get());
        if (aborted.get()) {
            stats.with("aborted", "after " + anyFailure.get() + " failures without a success");
        }
        return stats;
    }
}
