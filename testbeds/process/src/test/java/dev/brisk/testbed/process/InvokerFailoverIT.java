package dev.brisk.testbed.process;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An invoker dies (SIGKILL) while it runs activations: no caller hangs, every activation gets a record, the ones lost
 * with the invoker are recorded as {@code whisk internal error}, and the surviving invoker serves what comes after.
 */
class InvokerFailoverIT {
    private static final String OFFLINE_AFTER = "PT3S";
    private static final String SLEEPY = "function main(){ return new Promise(r => setTimeout(() => r({ok:true}), 2000)) }";
    private static final List<String> ACTIONS = List.of("failover-a", "failover-b", "failover-c", "failover-d");
    private static final int BURST = 20;
    private static final int AFTER = 8;

    /** One invoke's outcome, as the caller saw it. */
    private record Outcome(int index, String action, int status, String activationId, String responseStatus,
                           long millis, String body) {
        @Override
        public String toString() {
            return "#" + index + " " + action + " -> HTTP " + status + " in " + millis + " ms, id " + activationId
                    + ", " + responseStatus + (status == 200 ? "" : ": " + abbreviate(body));
        }
    }

    @Test
    void killingAnInvokerLosesNoCallerAndNoRecord() throws Exception {
        Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("failover");
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        try (ProcessTestbed testbed = ProcessTestbed.builder().workDir(work)
                .controllerProperty("brisk.controller.invoker-offline-after", OFFLINE_AFTER).build().start()) {
            System.out.println(testbed.describe());
            Api api = new Api(testbed);
            for (String action : ACTIONS) {
                HttpResponse<String> put = api.putAction(action, "nodejs:default", SLEEPY);
                assertEquals(200, put.statusCode(), "PUT /actions/" + action + ": " + put.body());
            }
            // both invokers ping every second: give the controller time to see both before the burst
            Thread.sleep(3_000);

            long burstStart = System.nanoTime();
            List<Future<Outcome>> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                int index = i;
                String action = ACTIONS.get(i % ACTIONS.size());
                burst.add(pool.submit(() -> invoke(api, index, action)));
            }
            // the action sleeps 2 s: 1.2 s into the burst, both invokers are mid-run
            Thread.sleep(1_200);
            long running0 = testbed.invoker(0).handle().map(h -> h.descendants().count()).orElse(0L);
            System.out.println("killing invoker0 (pid " + testbed.invoker(0).pid() + ", " + running0
                    + " processes below it) " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart)
                    + " ms into the burst");
            testbed.invoker(0).kill();
            long killedAt = System.nanoTime();

            List<Outcome> outcomes = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Future<Outcome> f : burst) {
                try {
                    outcomes.add(f.get(Api.EDGE_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    problems.add("an invoke got no HTTP answer within " + (Api.EDGE_TIMEOUT.toSeconds() + 15) + " s");
                } catch (java.util.concurrent.ExecutionException e) {
                    problems.add("an invoke failed: " + e.getCause());
                }
            }
            outcomes.forEach(o -> System.out.println("burst " + o));
            assertTrue(problems.isEmpty(), "requests without an answer: " + problems + "; answered: " + outcomes);
            for (Outcome o : outcomes) {
                assertTrue(o.millis() <= Api.EDGE_TIMEOUT.toMillis(), "answer took longer than 75 s: " + o);
                assertTrue(o.status() == 200 || o.status() == 202 || o.status() == 500,
                        "unexpected answer (want 200, 500 whisk error, or 202): " + o);
                assertFalse(o.activationId().isEmpty(), "answer without activation id: " + o);
            }

            // every activation has a record; the ones lost with invoker0 are whisk internal errors
            Map<String, String> recorded = new LinkedHashMap<>();
            for (Outcome o : outcomes) {
                JsonNode record = api.awaitRecord(o.activationId(), Duration.ofSeconds(90));
                assertNotNull(record, "no activation record for " + o + " within 90 s");
                String status = record.path("response").path("status").asText();
                recorded.put(o.activationId(), status);
                if ("success".equals(status)) {
                    assertTrue(record.path("response").path("result").path("ok").asBoolean(),
                            "successful record without the action's result: " + record);
                } else {
                    assertEquals("whisk internal error", status,
                            "an activation that did not succeed must be recorded as lost with its invoker: " + o
                                    + " record " + record);
                }
                if (o.status() == 200) {
                    assertEquals("success", status, "HTTP 200 but the record says otherwise: " + o);
                }
                if (o.status() == 500) {
                    assertEquals("whisk internal error", status, "HTTP 500 but the record says otherwise: " + o);
                }
            }
            long lost = recorded.values().stream().filter("whisk internal error"::equals).count();
            System.out.println("records: " + (recorded.size() - lost) + " success, " + lost
                    + " whisk internal error (lost with invoker0)");
            assertTrue(lost > 0, "no activation was lost with invoker0, so none ran there and the test proves nothing"
                    + " (" + running0 + " processes ran below invoker0 at the kill): " + outcomes);

            // after the controller has marked invoker0 offline, everything succeeds on invoker1
            long sinceKill = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            Thread.sleep(Math.max(0, Duration.parse(OFFLINE_AFTER).toMillis() + 1_000 - sinceKill));
            List<Future<Outcome>> after = new ArrayList<>();
            for (int i = 0; i < AFTER; i++) {
                int index = BURST + i;
                String action = ACTIONS.get(i % ACTIONS.size());
                after.add(pool.submit(() -> invoke(api, index, action)));
            }
            for (Future<Outcome> f : after) {
                Outcome o = f.get(Api.EDGE_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS);
                System.out.println("after the kill " + o);
                assertEquals(200, o.status(), "an invoke after invoker0 was offline failed: " + o);
                assertEquals("success", o.responseStatus(), "an invoke after invoker0 was offline: " + o);
            }
            assertTrue(testbed.invoker(1).isAlive(), "invoker1 died as well; log " + testbed.invoker(1).logFile());
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                fail("invoke threads still running");
            }
        }
    }

    private static Outcome invoke(Api api, int index, String action) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r;
        try {
            r = api.call("POST", "/actions/" + action + "?blocking=true", "{}");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new AssertionError("#" + index + " " + action + ": no HTTP answer within "
                    + Api.EDGE_TIMEOUT.plusSeconds(5), e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        JsonNode body = Api.json(r);
        return new Outcome(index, action, r.statusCode(), Api.activationId(r),
                body.path("response").path("status").asText(""), millis, r.body());
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
