package dev.brisk.testbed.standalone.fuzz;

import dev.brisk.testbed.standalone.StandaloneTestbed;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends {@code brisk.fuzz.requests} (default 100,000) hostile requests from many concurrent clients to a live
 * standalone controller: no 5xx, every error in OpenWhisk's {@code {error, code}} shape, and the stored fixtures
 * byte-identical and still working afterwards. The seed is printed; {@code -Dbrisk.fuzz.seed=N} replays a run.
 */
class FuzzIT {
    private static final int CLIENTS = Integer.getInteger("brisk.fuzz.clients", 48);

    @Test
    void hostileRequestsChangeNothingAndGetOpenWhiskErrors() throws Exception {
        long seed = Long.getLong("brisk.fuzz.seed", System.nanoTime());
        long requests = Long.getLong("brisk.fuzz.requests", 100_000);
        System.out.println("fuzz seed " + seed + " (replay with -Dbrisk.fuzz.seed=" + seed + "), " + requests
                + " requests, " + CLIENTS + " clients");
        Path reports = Path.of(System.getProperty("brisk.reports")).getParent().resolve("fuzz");
        Files.createDirectories(reports);
        Path work = Files.createTempDirectory(reports, "data");
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                work, reports.resolve("standalone.log")).start()) {
            Fixtures fixtures = new Fixtures(testbed.apiHost());
            fixtures.create();
            Map<String, String> before = fixtures.snapshot();

            Verdicts verdicts = new Verdicts();
            long t0 = System.nanoTime();
            send(testbed.apiHost(), new FuzzGenerator(seed), requests, verdicts);
            double seconds = (System.nanoTime() - t0) / 1e9;
            String report = String.format("fuzz seed %d: %d requests in %.1f s (%.0f/s)%n%s", seed, verdicts.total(),
                    seconds, verdicts.total() / seconds, verdicts.report());
            System.out.println(report);
            Files.writeString(reports.resolve("fuzz-report.txt"), report);

            Map<String, String> after = fixtures.snapshot();
            List<String> broken = fixtures.stillWorking();
            assertEquals(requests, verdicts.total(), "every request answered or counted");
            assertEquals(0, verdicts.serverErrors(), "5xx answers (seed " + seed + "):\n" + report);
            assertEquals(0, verdicts.badShapes(), "errors not in OpenWhisk's shape (seed " + seed + "):\n" + report);
            assertEquals(0, verdicts.transportErrors(), "requests without an answer (seed " + seed + "):\n" + report);
            assertEquals(before, after, "stored fixtures changed (seed " + seed + ")");
            assertTrue(broken.isEmpty(), "fixtures no longer work after the fuzzing: " + broken);
            assertTrue(apiAnswers(testbed.apiHost()), "the API info no longer answers 200");
        }
    }

    /** Bounded concurrency: at most {@link #CLIENTS} requests in flight; each has its own 90 s timeout. */
    private static void send(String apiHost, FuzzGenerator generator, long requests, Verdicts verdicts) throws Exception {
        var executor = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Semaphore inFlight = new Semaphore(CLIENTS);
        AtomicLong done = new AtomicLong();
        try {
            for (long i = 0; i < requests; i++) {
                FuzzRequest request = generator.next(i);
                HttpRequest built;
                try {
                    built = build(apiHost, request);
                } catch (IllegalArgumentException e) {
                    throw new AssertionError("the generator made a request the JDK client cannot send: "
                            + request.describe(), e);
                }
                inFlight.acquire();
                long started = System.nanoTime();
                http.sendAsync(built, HttpResponse.BodyHandlers.ofString()).whenComplete((r, error) -> {
                    if (error != null) {
                        verdicts.failed(request, error);
                    } else {
                        verdicts.record(request, r.statusCode(), r.body(), (System.nanoTime() - started) / 1_000_000);
                    }
                    done.incrementAndGet();
                    inFlight.release();
                });
            }
            if (!inFlight.tryAcquire(CLIENTS, 120, TimeUnit.SECONDS)) {
                throw new AssertionError("requests still in flight after 120 s: " + (requests - done.get()));
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static HttpRequest build(String apiHost, FuzzRequest request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiHost + request.path()))
                .timeout(Duration.ofSeconds(90))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(b::header);
        return b.build();
    }

    private static boolean apiAnswers(String apiHost) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(apiHost + "/api/v1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200;
    }

}
