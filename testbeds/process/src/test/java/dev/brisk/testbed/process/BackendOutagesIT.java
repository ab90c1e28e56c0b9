package dev.brisk.testbed.process;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform's backends fail under it, on one process testbed: Kafka stops and restarts (same port, same data)
 * while several clients keep invoking; CouchDB is killed while clients write entities, then restarted. Nothing that
 * was accepted is lost, what is refused is refused with OpenWhisk's 503, and service resumes by itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendOutagesIT {
    private static final String ECHO = "function main(p){ return {ok: true, n: p.n} }";
    private static final int CLIENTS = 4;

    private static ProcessTestbed testbed;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("backend-outages");
        testbed = ProcessTestbed.builder().workDir(work).build().start();
        System.out.println(testbed.describe());
        api = new Api(testbed);
        assertEquals(200, api.putAction("outage-echo", "nodejs:default", ECHO).statusCode());
        HttpResponse<String> warm = api.call("POST", "/actions/outage-echo?blocking=true", "{\"n\":0}");
        assertEquals(200, warm.statusCode(), warm.body());
    }

    @AfterAll
    static void stop() {
        if (testbed != null) {
            testbed.close();
        }
    }

    /** One answer to a non-blocking invoke, with when it was sent relative to the outage. */
    private record Sent(int status, String activationId, String body, long sentAt) {
    }

    @Test
    @Order(1)
    void kafkaRestartedUnderLoadLosesNoAcceptedActivation() throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            loops.add(clients.submit(() -> {
                for (int i = 0; sending.get() && i < 10_000; i++) {
                    long at = System.nanoTime();
                    HttpResponse<String> r = api.call("POST", "/actions/outage-echo", "{\"n\":" + (client * 10_000 + i) + "}");
                    sent.add(new Sent(r.statusCode(), Api.activationId(r), r.body(), at));
                    Thread.sleep(100);
                }
                return null;
            }));
        }
        Thread.sleep(3_000);
        long down = System.nanoTime();
        testbed.kafka().stop();
        System.out.println("kafka stopped in " + ms(down) + " ms");
        Thread.sleep(15_000); // past the 10 s invoker-offline period: silence caused by the bus is no lost invoker
        long restart = System.nanoTime();
        testbed.kafka().resume();
        long up = System.nanoTime();
        System.out.println("kafka restarted in " + ms(restart) + " ms; outage " + ms(down, up) + " ms");
        // keep sending until the platform accepts again, then a little longer
        long resumeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < resumeDeadline && acceptedAfter(sent, up) < 5) {
            Thread.sleep(500);
        }
        Thread.sleep(3_000);
        sending.set(false);
        for (Future<?> loop : loops) {
            loop.get(Api.EDGE_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS);
        }
        clients.shutdown();

        List<Sent> answers = List.copyOf(sent);
        List<Sent> accepted = answers.stream().filter(s -> s.status() == 202).toList();
        List<Sent> refused = answers.stream().filter(s -> s.status() != 202).toList();
        long duringOutage = answers.stream().filter(s -> s.sentAt() >= down && s.sentAt() < up).count();
        for (Sent s : refused) {
            assertEquals(503, s.status(), "an invoke that was not accepted must be refused with 503: " + s);
            JsonNode body = Api.JSON.readTree(s.body());
            assertFalse(body.path("error").asText().isEmpty(), "503 without OpenWhisk's error text: " + s);
            assertFalse(body.path("code").asText().isEmpty(), "503 without OpenWhisk's error code: " + s);
        }
        assertTrue(duringOutage > 0, "no request was sent while Kafka was down: the test proves nothing");
        assertTrue(accepted.stream().anyMatch(s -> s.sentAt() < down), "nothing accepted before the outage");
        assertTrue(acceptedAfter(answers, up) >= 5, "the platform did not accept invokes again after Kafka returned: "
                + answers.subList(Math.max(0, answers.size() - 5), answers.size()));

        int recorded = 0;
        List<String> missing = new ArrayList<>();
        List<String> notSuccess = new ArrayList<>();
        long recordDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        for (Sent s : accepted) {
            assertFalse(s.activationId().isEmpty(), "202 without an activation id: " + s);
            long left = Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(recordDeadline - System.nanoTime()));
            JsonNode record = api.awaitRecord(s.activationId(), Duration.ofMillis(left));
            if (record == null) {
                missing.add(s.activationId());
                continue;
            }
            recorded++;
            if (!"success".equals(record.path("response").path("status").asText())) {
                notSuccess.add(s.activationId() + " " + record.path("response"));
            }
        }
        System.out.printf("FAULT kafka-restart: %d sent, %d accepted (202), %d recorded (%d success), %d refused"
                        + " (503), %d sent during the outage, outage %d ms%n", answers.size(), accepted.size(),
                recorded, recorded - notSuccess.size(), refused.size(), duringOutage, ms(down, up));
        assertTrue(missing.isEmpty(), missing.size() + " of " + accepted.size()
                + " accepted activations have no record: " + missing);
        // the invokers were fine all along: the outage must not be mistaken for lost invokers
        assertTrue(notSuccess.isEmpty(), "accepted activations recorded as failures: " + notSuccess);
    }

    @Test
    @Order(2)
    void couchDbDownAnswers503AndResumesWithNothingHalfWritten() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(testbed.couch().controllable(), "the external CouchDB has no"
                + " BRISK_COUCH_STOP_COMMAND and BRISK_COUCH_START_COMMAND: it cannot be stopped for this test");
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        URI ready = URI.create(testbed.controller().url() + "/health/ready");
        assertEquals(200, readiness(plain, ready), "controller not ready before the outage");

        // writers PUT entities with known code while CouchDB is killed under them
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String[]> writes = Collections.synchronizedList(new ArrayList<>()); // name, status, code
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> loops = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            loops.add(writers.submit(() -> {
                for (int i = 0; writing.get() && i < 1_000; i++) {
                    String name = "outage-w" + writer + "-" + i;
                    String code = "function main(){ return {writer: " + writer + ", i: " + i + ", pad: '"
                            + "x".repeat(2_000) + "'} }";
                    HttpResponse<String> r = api.putAction(name, "nodejs:default", code);
                    writes.add(new String[]{name, Integer.toString(r.statusCode()), code, r.body()});
                    Thread.sleep(50);
                }
                return null;
            }));
        }
        Thread.sleep(2_000);
        long down = System.nanoTime();
        testbed.couch().kill();
        System.out.println("couchdb killed");

        // readiness turns false, requests that need the store get OpenWhisk's 503
        long readyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int readyStatus = 200;
        while (System.nanoTime() < readyDeadline && (readyStatus = readiness(plain, ready)) == 200) {
            Thread.sleep(250);
        }
        long notReadyAfter = ms(down);
        assertEquals(503, readyStatus, "/health/ready still answers 200 with CouchDB down");
        HttpResponse<String> put = api.putAction("outage-during", "nodejs:default", ECHO);
        assertEquals(503, put.statusCode(), "PUT with CouchDB down: " + put.body());
        JsonNode error = Api.json(put);
        assertFalse(error.path("error").asText().isEmpty(), put.body());
        assertFalse(error.path("code").asText().isEmpty(), put.body());
        HttpResponse<String> list = api.call("GET", "/activations?limit=5", null);
        assertEquals(503, list.statusCode(), "activation list with CouchDB down: " + list.body());
        HttpResponse<String> invoke = api.call("POST", "/actions/outage-echo", "{\"n\":-1}");
        assertTrue(invoke.statusCode() == 202 || invoke.statusCode() == 503, "invoke with CouchDB down: "
                + invoke.statusCode() + " " + invoke.body());
        Thread.sleep(3_000);
        writing.set(false);
        for (Future<?> loop : loops) {
            loop.get(Api.EDGE_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS);
        }
        writers.shutdown();

        long restart = System.nanoTime();
        testbed.couch().restart();
        long up = System.nanoTime();
        long readyAgainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < readyAgainDeadline && readiness(plain, ready) != 200) {
            Thread.sleep(250);
        }
        assertEquals(200, readiness(plain, ready), "controller not ready 60 s after CouchDB returned");
        long readyAgain = ms(up);
        System.out.println("couchdb restarted in " + ms(restart, up) + " ms; ready again " + readyAgain + " ms later");

        // every write either landed whole or not at all
        int landed = 0, refused = 0, refusedButLanded = 0;
        for (String[] w : List.copyOf(writes)) {
            int status = Integer.parseInt(w[1]);
            assertTrue(status == 200 || status == 503, "PUT " + w[0] + " answered " + status + " " + w[3]);
            HttpResponse<String> get = api.call("GET", "/actions/" + w[0], null);
            if (status == 200) {
                assertEquals(200, get.statusCode(), "acknowledged PUT " + w[0] + " lost: " + get.body());
                landed++;
            } else {
                refused++;
                assertTrue(get.statusCode() == 404 || get.statusCode() == 200, "GET " + w[0] + ": " + get.body());
                if (get.statusCode() == 200) {
                    refusedButLanded++;
                }
            }
            if (get.statusCode() == 200) {
                assertEquals(w[2], Api.json(get).path("exec").path("code").asText(), "half-written " + w[0]);
            }
        }
        assertTrue(refused > 0, "no write met the outage: the test proves nothing");
        assertTrue(landed > 0, "no write landed before the outage");

        // service resumes: writes, invokes, and the activation accepted during the outage has its record
        assertEquals(200, api.putAction("outage-during", "nodejs:default", ECHO).statusCode());
        HttpResponse<String> again = api.call("POST", "/actions/outage-during?blocking=true&result=true", "{\"n\":9}");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(9, Api.json(again).path("n").asInt(), again.body());
        if (invoke.statusCode() == 202) {
            JsonNode record = api.awaitRecord(Api.activationId(invoke), Duration.ofSeconds(150));
            assertNotNull(record, "the activation accepted during the CouchDB outage was never recorded");
        }
        System.out.printf("FAULT couchdb-down: %d writes, %d acknowledged and found whole, %d refused with 503"
                        + " (%d of them landed whole), /health/ready false after %d ms, ready %d ms after restart,"
                        + " invoke during the outage answered %d%n", writes.size(), landed, refused, refusedButLanded,
                notReadyAfter, readyAgain, invoke.statusCode());
    }

    private static long acceptedAfter(List<Sent> sent, long after) {
        synchronized (sent) {
            return sent.stream().filter(s -> s.status() == 202 && s.sentAt() >= after).count();
        }
    }

    private static int readiness(HttpClient http, URI ready) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static long ms(long from) {
        return ms(from, System.nanoTime());
    }

    private static long ms(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
