package dev.brisk.testbed.process;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The soak's entities and operations over the public API (nginx TLS, the guest key). */
final class SoakClient {
    private static final String NODE = "function main(p){ return {ok: true, n: p.n || 0} }";
    private static final String PYTHON = "def main(args):\n    return {'ok': True}\n";
    private static final String PARAMS = "function main(p){ return {ok: true, greeting: p.greeting + ' ' + (p.name || 'x')} }";

    private final Api api;

    SoakClient(ProcessTestbed testbed) {
        this.api = new Api(testbed);
    }

    void setUp() throws IOException, InterruptedException {
        expect(api.putAction("soak-node", "nodejs:default", NODE), 200, "PUT soak-node");
        expect(api.putAction("soak-python", "python:default", PYTHON), 200, "PUT soak-python");
        expect(api.call("PUT", "/actions/soak-params?overwrite=true", "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":"
                + Api.JSON.writeValueAsString(PARAMS) + "},\"parameters\":[{\"key\":\"greeting\",\"value\":\"hi\"}]}"), 200, "PUT soak-params");
        expect(api.call("PUT", "/actions/soak-seq?overwrite=true",
                "{\"exec\":{\"kind\":\"sequence\",\"components\":[\"/_/soak-node\",\"/_/soak-params\"]}}"), 200, "PUT soak-seq");
        expect(api.call("PUT", "/triggers/soak-trigger?overwrite=true", "{}"), 200, "PUT soak-trigger");
        expect(api.call("PUT", "/rules/soak-rule?overwrite=true",
                "{\"trigger\":\"/_/soak-trigger\",\"action\":\"/_/soak-node\"}"), 200, "PUT soak-rule");
    }

    /** One blocking invoke of each action and the sequence, and one fire, before the clock starts. */
    void warmUp() throws IOException, InterruptedException {
        for (String action : List.of("soak-node", "soak-python", "soak-params", "soak-seq")) {
            expect(api.call("POST", "/actions/" + action + "?blocking=true", "{}"), 200, "warm-up " + action);
        }
        expect(api.call("POST", "/triggers/soak-trigger", "{}"), 202, "warm-up fire");
    }

    /** Runs one operation; records its activation ids, latency and any error in the ledger. */
    void run(SoakTraffic.Op op, long i, String action, SoakLedger ledger) {
        long t0 = System.nanoTime();
        int requests = 1;
        try {
            String problem = switch (op) {
                case BLOCKING -> invoke(action, true, ledger);
                case NON_BLOCKING -> invoke(action, false, ledger);
                case SEQUENCE -> invoke("soak-seq", true, ledger);
                case FIRE -> {
                    HttpResponse<String> r = api.call("POST", "/triggers/soak-trigger", "{\"n\":" + i + "}");
                    yield accepted(r, 202, ledger);
                }
                case CRUD -> {
                    requests = 3;
                    String name = "/actions/soak-tmp-" + i;
                    HttpResponse<String> put = api.call("PUT", name, "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":"
                            + Api.JSON.writeValueAsString(NODE) + "}}");
                    HttpResponse<String> get = api.call("GET", name, null);
                    HttpResponse<String> delete = api.call("DELETE", name, null);
                    yield put.statusCode() == 200 && get.statusCode() == 200 && delete.statusCode() == 200 ? null
                            : "CRUD " + name + ": PUT " + put.statusCode() + ", GET " + get.statusCode() + ", DELETE "
                            + delete.statusCode() + " " + abbreviate(delete.body());
                }
                case READ -> {
                    String path = List.of("/actions/soak-node", "/actions?limit=5", "/activations?limit=5",
                            "/triggers/soak-trigger").get((int) (i % 4));
                    HttpResponse<String> r = api.call("GET", path, null);
                    yield r.statusCode() == 200 ? null : "GET " + path + " -> " + r.statusCode() + " " + abbreviate(r.body());
                }
            };
            if (problem != null) {
                ledger.error("#" + i + " " + op + ": " + problem);
            }
        } catch (Exception e) {
            ledger.error("#" + i + " " + op + ": " + e);
        }
        ledger.done(op, (System.nanoTime() - t0) / 1000, requests);
    }

    private String invoke(String action, boolean blocking, SoakLedger ledger) throws IOException, InterruptedException {
        HttpResponse<String> r = api.call("POST", "/actions/" + action + (blocking ? "?blocking=true" : ""), "{\"name\":\"soak\"}");
        String problem = accepted(r, blocking ? 200 : 202, ledger);
        if (problem == null && blocking && !"success".equals(Api.json(r).path("response").path("status").asText())) {
            return action + " not a success: " + abbreviate(r.body());
        }
        return problem == null ? null : action + ": " + problem;
    }

    private static String accepted(HttpResponse<String> r, int status, SoakLedger ledger) {
        String id = Api.activationId(r);
        if (!id.isEmpty()) {
            ledger.activationIds.add(id);
        }
        if (r.statusCode() != status || id.isEmpty()) {
            return "HTTP " + r.statusCode() + " (want " + status + " with an activation id) " + abbreviate(r.body());
        }
        return null;
    }

    /** The ids among {@code ids} whose record {@code GET /activations/<id>} does not show within {@code timeout}. */
    List<String> verifyRecorded(List<String> ids, Duration timeout) throws InterruptedException {
        List<String> missing = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (String id : ids) {
            pool.submit(() -> {
                try {
                    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                    JsonNode record = api.awaitRecord(id, left);
                    if (record == null || !id.equals(record.path("activationId").asText())) {
                        missing.add(id);
                    }
                } catch (Exception e) {
                    missing.add(id + " (" + e + ")");
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(timeout.toSeconds() + 120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            missing.add("verification did not finish");
        }
        return missing;
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + " -> " + r.statusCode() + " " + r.body());
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
