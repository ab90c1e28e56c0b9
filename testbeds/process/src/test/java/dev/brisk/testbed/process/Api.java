package dev.brisk.testbed.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executor;

/** A small OpenWhisk REST client for the ITs: HTTPS through the testbed's nginx, trusting its certificate. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    /** nginx's proxy_read_timeout: no answer may take longer. */
    static final Duration EDGE_TIMEOUT = Duration.ofSeconds(75);

    private final String apiHost;
    private final String authHeader;
    private final HttpClient http;

    Api(ProcessTestbed testbed) {
        this(testbed, null);
    }

    Api(ProcessTestbed testbed, Executor executor) {
        this(testbed, testbed.auth(), executor);
    }

    /** As the namespace of {@code auth} ({@code uuid:key}). */
    Api(ProcessTestbed testbed, String auth, Executor executor) {
        this.apiHost = testbed.apiHost();
        this.authHeader = "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder b = HttpClient.newBuilder().sslContext(testbed.sslContext())
                .connectTimeout(Duration.ofSeconds(5));
        if (executor != null) {
            b.executor(executor);
        }
        this.http = b.build();
    }

    /** {@code method /api/v1/namespaces/_<path>}; answers within {@link #EDGE_TIMEOUT} or throws. */
    HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return callIn("_", method, path, body);
    }

    /** {@code method /api/v1/namespaces/<namespace><path>}. */
    HttpResponse<String> callIn(String namespace, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiHost + "/api/v1/namespaces/" + namespace + path))
                .timeout(EDGE_TIMEOUT.plusSeconds(5))
                .header("Authorization", authHeader).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> putAction(String name, String kind, String code) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().set("exec", JSON.createObjectNode().put("kind", kind).put("code", code))
                .toString();
        return call("PUT", "/actions/" + name + "?overwrite=true", body);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsable", r.body());
        }
    }

    /** The activation id of an invoke's answer: the body's {@code activationId} or the header. */
    static String activationId(HttpResponse<String> r) {
        String id = json(r).path("activationId").asText("");
        return id.isEmpty() ? r.headers().firstValue("x-openwhisk-activation-id").orElse("") : id;
    }

    /** Polls {@code GET /activations/<id>} until it answers 200 or {@code timeout} passes; null when it never did. */
    JsonNode awaitRecord(String activationId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> r = call("GET", "/activations/" + activationId, null);
            if (r.statusCode() == 200) {
                return json(r);
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(250);
        }
    }
}
