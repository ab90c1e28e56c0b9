package dev.brisk.testbed.standalone;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No container outlives its action: after an update or a delete, the action's warm containers are gone within
 * seconds (the invoker follows the controller's entity invalidations), not after the idle timeout of minutes.
 * Containers are counted as the standalone's descendant processes running the Python proxy (started without stem
 * cells, so every one belongs to an action).
 */
class ContainerRetirementIT {
    private static final Duration RETIRED_WITHIN = Duration.ofSeconds(10);
    private static final String CODE = "def main(args):\\n    return {'n': args.get('n', 0)}\\n";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void updatedAndDeletedActionsLeaveNoWarmContainer() throws Exception {
        Path work = Files.createTempDirectory("brisk-standalone-retire");
        Path reports = Path.of(System.getProperty("brisk.reports"));
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                work.resolve("data"), reports.resolve("retirement.log")).withArgs("-Dbrisk.invoker.prewarm=none")
                .start()) {
            long before = pythonContainers(testbed);
            assertEquals(0, before, "no Python container before any action ran");
            String action = "{\"exec\":{\"kind\":\"python:default\",\"code\":\"" + CODE + "\"}}";
            assertEquals(200, call(testbed, "PUT", "/actions/retire-me", action).statusCode());
            assertEquals(200, call(testbed, "POST", "/actions/retire-me?blocking=true", "{\"n\":1}").statusCode());
            awaitContainers(testbed, before + 1, "after the first invoke");

            // an update: the old revision's container goes; the next invoke starts a new one
            assertEquals(200, call(testbed, "PUT", "/actions/retire-me?overwrite=true", action).statusCode());
            awaitContainers(testbed, before, "after the update");
            assertEquals(200, call(testbed, "POST", "/actions/retire-me?blocking=true", "{\"n\":2}").statusCode());
            awaitContainers(testbed, before + 1, "after invoking the new revision");

            // a delete: its container goes
            assertEquals(200, call(testbed, "DELETE", "/actions/retire-me", "").statusCode());
            awaitContainers(testbed, before, "after the delete");

            // the invoker's meters say the same
            String scrape = http.send(HttpRequest.newBuilder(URI.create(testbed.apiHost() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Files.writeString(reports.resolve("retirement-metrics.txt"), scrape);
            assertTrue(scrape.contains("brisk_invoker_containers_retired_total{invoker=\"0\"} 2.0"), scrape);
            assertTrue(scrape.contains("brisk_invoker_containers{invoker=\"0\",state=\"busy\"} 0.0"), scrape);
            assertTrue(scrape.contains("brisk_invoker_memory_limit_megabytes{invoker=\"0\"}"), scrape);
        }
    }

    private void awaitContainers(StandaloneTestbed testbed, long expected, String when) throws Exception {
        long deadline = System.nanoTime() + RETIRED_WITHIN.toNanos();
        long now;
        while ((now = pythonContainers(testbed)) != expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(expected, now, "Python containers " + when + " (within " + RETIRED_WITHIN + ")");
    }

    /** Descendants whose command line runs python (the action proxy), read from /proc (any uid may read it). */
    private static long pythonContainers(StandaloneTestbed testbed) {
        return testbed.process().descendants().filter(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"), StandardCharsets.UTF_8);
                String first = cmdline.split("\u0000", 2)[0];
                return first.endsWith("python3") || first.endsWith("python");
            } catch (IOException gone) {
                return false;
            }
        }).count();
    }

    private HttpResponse<String> call(StandaloneTestbed testbed, String method, String path, String body)
            throws Exception {
        HttpResponse<String> r = http.send(NamespaceRequests.request(testbed, method, path, body), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 500, method + " " + path + ": " + r.statusCode() + " " + r.body());
        return r;
    }
}
