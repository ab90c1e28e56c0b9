package dev.brisk.testbed.standalone;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} after real activations: OpenWhisk's user-events counters equal the activations made (5 successes,
 * 2 application errors, one cold start), and the histograms counted each one. The scrape is written to the reports.
 */
class MetricsIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aScrapeCountsTheActivationsMade() throws Exception {
        Path work = Files.createTempDirectory("brisk-standalone-metrics");
        Path jar = Path.of(System.getProperty("brisk.standalone.jar"));
        Path reports = Path.of(System.getProperty("brisk.reports"));
        try (StandaloneTestbed testbed = new StandaloneTestbed(jar, work.resolve("data"),
                reports.resolve("metrics.log")).start()) {
            assertEquals(200, call(testbed, "PUT", "/actions/metered", """
                    {"exec":{"kind":"nodejs:default","code":"function main(p){ if (p.fail) return {error:'no'}; return {ok:true} }"}}
                    """).statusCode());
            for (int i = 0; i < 5; i++) {
                assertEquals(200, call(testbed, "POST", "/actions/metered?blocking=true", "{}").statusCode());
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(502, call(testbed, "POST", "/actions/metered?blocking=true", "{\"fail\":true}")
                        .statusCode());
            }
            String who = "action=\"metered\",initiator=\"guest\"";
            String total = "openwhisk_action_activations_total\\{" + who
                    + ",kind=\"nodejs:[0-9]+\",memory=\"256\",namespace=\"guest\"}";
            // an activation is counted when it completes, just after its caller got the result (before the logs)
            HttpResponse<String> scrape;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                scrape = http.send(HttpRequest.newBuilder(URI.create(testbed.apiHost() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } while (!Pattern.compile("(?m)^" + total + " 7(\\.0)?$").matcher(scrape.body()).find()
                    && System.nanoTime() < deadline && sleep(100));
            Files.writeString(reports.resolve("metrics-scrape.txt"), scrape.body());
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String text = scrape.body();
            assertEquals(7, value(text, total));
            assertEquals(5, value(text, "openwhisk_action_status_total\\{" + who
                    + ",namespace=\"guest\",status=\"success\"}"));
            assertEquals(2, value(text, "openwhisk_action_status_total\\{" + who
                    + ",namespace=\"guest\",status=\"application_error\"}"));
            assertEquals(1, value(text, "openwhisk_action_coldStarts_total\\{" + who + ",namespace=\"guest\"}"));
            assertEquals(7, value(text, "openwhisk_action_duration_seconds_count\\{" + who + ",namespace=\"guest\"}"));
            assertEquals(7, value(text, "openwhisk_action_waitTime_seconds_count\\{" + who + ",namespace=\"guest\"}"));
            assertEquals(1, value(text, "openwhisk_action_initTime_seconds_count\\{" + who + ",namespace=\"guest\"}"));
        }
        // a clean start: Jersey validates the resources at start and warns of a GET that takes an entity
        String log = Files.readString(reports.resolve("metrics.log"));
        assertTrue(!log.contains("should not consume any entity"), "Jersey warned at start:\n" + log);
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(text);
        assertTrue(m.find(), () -> "no series " + series + " in the scrape:\n" + text.lines()
                .filter(l -> l.startsWith("openwhisk_")).reduce("", (a, b) -> a + b + "\n"));
        return Double.parseDouble(m.group(1));
    }

    private HttpResponse<String> call(StandaloneTestbed testbed, String method, String path, String body)
            throws Exception {
        String auth = Base64.getEncoder().encodeToString(testbed.auth().getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(testbed.apiHost() + "/api/v1/namespaces/_" + path))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
