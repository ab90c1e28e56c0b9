package dev.brisk.testbed.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * INV-030, WEB-026: one blocking wait for the REST API's blocking invokes and for web actions. An action that outlasts
 * it is answered 202 with its activation id (a web request with "Response not yet ready."), and goes on to a record; the
 * wait also bounds the {@code timeout} a blocking invoke may ask for. OpenWhisk waits 60 s
 * (max-wait-for-blocking-activation), too long for a scenario; the standalone is started with
 * {@code brisk.controller.max-wait-for-blocking-activation=PT2S} and the action takes 6 s.
 */
class BlockingWaitIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLOW = "function main(p) { const ms = p.ms === undefined ? 6000 : Number(p.ms); "
            + "return new Promise(done => setTimeout(() => done({ waited: ms }), ms)); }";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void blockingInvokesAndWebActionsWaitTheOneConfiguredWait() throws Exception {
        Path work = Files.createTempDirectory("brisk-standalone-blocking-wait");
        Path reports = Path.of(System.getProperty("brisk.reports"));
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                work.resolve("data"), reports.resolve("blocking-wait.log"))
                .withArgs("-Dbrisk.controller.max-wait-for-blocking-activation=PT2S").start()) {
            String action = "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":" + JSON.writeValueAsString(SLOW) + "},"
                    + "\"annotations\":[{\"key\":\"web-export\",\"value\":true}]}";
            HttpResponse<String> created = api(testbed, "PUT", "/actions/slow", action);
            assertEquals(200, created.statusCode(), created.body());

            restBlockingInvoke(testbed);
            webRequest(testbed);
        }
    }

    /** INV-030 with INV-015 and INV-016: the REST API's blocking invoke. */
    private void restBlockingInvoke(StandaloneTestbed testbed) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> slow = api(testbed, "POST", "/actions/slow?blocking=true", "{}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(202, slow.statusCode(), slow.body());
        assertTrue(took.compareTo(Duration.ofMillis(1_900)) > 0 && took.compareTo(Duration.ofSeconds(5)) < 0,
                "answered after the 2 s wait, not at once nor after the 6 s run: " + took);
        JsonNode accepted = JSON.readTree(slow.body());
        String id = accepted.path("activationId").asText();
        assertTrue(id.matches("[0-9a-f]{32}") && accepted.size() == 1, "only the activation id: " + slow.body());
        assertEquals(id, slow.headers().firstValue("x-openwhisk-activation-id").orElse(""));
        JsonNode record = awaitRecord(testbed, id, Duration.ofSeconds(30));
        assertEquals(6000, record.path("response").path("result").path("waited").asInt(), record.toString());

        // the wait bounds the timeout a caller may ask for, and the message names it
        HttpResponse<String> tooLong = api(testbed, "POST", "/actions/slow?blocking=true&timeout=2001", "{}");
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertTrue(JSON.readTree(tooLong.body()).path("error").asText()
                .contains("Timeout must be number of milliseconds up to 2000."), tooLong.body());
        HttpResponse<String> quick = api(testbed, "POST", "/actions/slow?blocking=true&result=true&timeout=2000",
                "{\"ms\":0}");
        assertEquals(200, quick.statusCode(), quick.body());
        assertEquals(0, JSON.readTree(quick.body()).path("waited").asInt(), quick.body());
    }

    /** WEB-026: a web request waits as long, then answers "Response not yet ready.". */
    private void webRequest(StandaloneTestbed testbed) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> web = http.send(HttpRequest.newBuilder(
                URI.create(testbed.apiHost() + "/api/v1/web/guest/default/slow.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(202, web.statusCode(), web.body());
        assertTrue(took.compareTo(Duration.ofMillis(1_900)) > 0 && took.compareTo(Duration.ofSeconds(5)) < 0,
                "answered after the 2 s wait, not at once nor after the 6 s run: " + took);
        JsonNode error = JSON.readTree(web.body());
        assertEquals("Response not yet ready.", error.path("error").asText(), web.body());
        assertEquals(web.headers().firstValue("X-Request-ID").orElse("none"), error.path("code").asText(),
                "the code is the transaction id");
        assertEquals("*", web.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(web.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("PATCH"),
                "the web action CORS headers: " + web.headers().map());
        String id = web.headers().firstValue("x-openwhisk-activation-id").orElse("");
        assertTrue(id.matches("[0-9a-f]{32}"), "activation id header: '" + id + "'");

        // the activation went on: its record appears with the action's result
        JsonNode record = awaitRecord(testbed, id, Duration.ofSeconds(30));
        assertEquals("success", record.path("response").path("status").asText(), record.toString());
        assertEquals(6000, record.path("response").path("result").path("waited").asInt(), record.toString());

        // within the wait the answer is the result, as always
        HttpResponse<String> quick = http.send(HttpRequest.newBuilder(
                URI.create(testbed.apiHost() + "/api/v1/web/guest/default/slow.json?ms=0")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, quick.statusCode(), quick.body());
        assertEquals(0, JSON.readTree(quick.body()).path("waited").asInt(), quick.body());
    }

    private JsonNode awaitRecord(StandaloneTestbed testbed, String id, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> r;
        do {
            r = api(testbed, "GET", "/activations/" + id, "");
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no record of " + id + " within " + within + ": " + r.statusCode() + " " + r.body());
    }

    private HttpResponse<String> api(StandaloneTestbed testbed, String method, String path, String body)
            throws Exception {
        return http.send(NamespaceRequests.request(testbed, method, path, body), HttpResponse.BodyHandlers.ofString());
    }
}
