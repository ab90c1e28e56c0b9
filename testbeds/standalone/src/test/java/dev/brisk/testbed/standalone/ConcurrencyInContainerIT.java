package dev.brisk.testbed.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FLT-011, Brisk's promise beyond OpenWhisk's: a Node.js action with {@code limits.concurrency} 10 answers ten blocking
 * invokes made at once from one container, and each activation's stored record holds only its own log lines (OpenWhisk
 * documents interleaved logs with intra-container concurrency). Containers are counted as the standalone's descendant
 * processes running node (started without stem cells, so every one belongs to an action).
 */
class ConcurrencyInContainerIT {
    private static final int N = 10;
    private static final String CODE = "async function main(p) {\\n"
            + "  console.log('start ' + p.id);\\n"
            + "  await new Promise(r => setTimeout(r, 500));\\n"
            + "  console.log('end ' + p.id);\\n"
            + "  return { id: p.id };\\n}\\n";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tenConcurrentInvokesShareOneContainerAndKeepTheirOwnLogs() throws Exception {
        Path work = Files.createTempDirectory("brisk-standalone-concurrency");
        Path reports = Path.of(System.getProperty("brisk.reports"));
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                work.resolve("data"), reports.resolve("concurrency.log"))
                .withArgs("-Dbrisk.invoker.prewarm=none", "-Dbrisk.limits.concurrency.max=500").start()) {
            assertEquals(0, nodeContainers(testbed), "no Node.js container before any action ran");
            String action = "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"" + CODE + "\"},"
                    + "\"limits\":{\"concurrency\":" + N + "}}";
            assertEquals(200, call(testbed, "PUT", "/actions/shared", action).statusCode());

            long t0 = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int id = 0; id < N; id++) {
                calls.add(send(testbed, "POST", "/actions/shared?blocking=true", "{\"id\":" + id + "}"));
            }
            List<JsonNode> records = new ArrayList<>();
            for (var call : calls) {
                HttpResponse<String> r = call.get();
                assertEquals(200, r.statusCode(), r.body());
                records.add(JSON.readTree(r.body()));
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1, nodeContainers(testbed), "one container ran all " + N);
            assertTrue(millis < N * 500 / 2, "the " + N + " ran at once, not one after another: " + millis + " ms");
            for (int id = 0; id < N; id++) {
                JsonNode record = records.get(id);
                assertEquals(id, record.path("response").path("result").path("id").asInt(), record.toString());
                // the answer may come before the logs (INV-018): they are read from the stored record
                JsonNode stored = NamespaceRequests.awaitRecord(http, testbed, record.path("activationId").asText(),
                        Duration.ofSeconds(30));
                List<String> lines = new ArrayList<>();
                stored.path("logs").forEach(l -> lines.add(l.asText().replaceFirst("^\\S+\\s+", "")));
                assertEquals(List.of("stdout: start " + id, "stdout: end " + id), lines, stored.toString());
            }
        }
    }

    /** Descendants whose command line runs node (the action proxy), read from /proc (any uid may read it). */
    private static long nodeContainers(StandaloneTestbed testbed) {
        return testbed.process().descendants().filter(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"), StandardCharsets.UTF_8);
                String first = cmdline.split("\u0000", 2)[0];
                return first.equals("node") || first.endsWith("/node");
            } catch (IOException gone) {
                return false;
            }
        }).count();
    }

    private CompletableFuture<HttpResponse<String>> send(StandaloneTestbed testbed, String method, String path,
                                                         String body) {
        return http.sendAsync(NamespaceRequests.request(testbed, method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(StandaloneTestbed testbed, String method, String path, String body)
            throws Exception {
        HttpResponse<String> r = send(testbed, method, path, body).get();
        assertTrue(r.statusCode() < 500, method + " " + path + ": " + r.statusCode() + " " + r.body());
        return r;
    }
}
