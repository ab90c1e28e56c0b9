package dev.brisk.testbed.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The ITs' one way to address the guest namespace of a standalone: its API path, its key, a JSON body or none. */
final class NamespaceRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NamespaceRequests() {
    }

    /** {@code method} on {@code /api/v1/namespaces/_<path>}; an empty {@code body} sends none. */
    static HttpRequest request(StandaloneTestbed testbed, String method, String path, String body) {
        String auth = Base64.getEncoder().encodeToString(testbed.auth().getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(testbed.apiHost() + "/api/v1/namespaces/_" + path))
                .header("Authorization", "Basic " + auth);
        if (body.isEmpty()) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return b.build();
    }

    /**
     * The stored record of {@code activationId}, asked for until GET answers 200 (at most {@code within}): a
     * blocking invoke is answered before the activation's logs are collected and its record stored, as in OpenWhisk.
     */
    static JsonNode awaitRecord(HttpClient http, StandaloneTestbed testbed, String activationId, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> r;
        do {
            r = http.send(request(testbed, "GET", "/activations/" + activationId, ""),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no record of " + activationId + " within " + within + ": " + r.statusCode() + " "
                + r.body());
    }
}
