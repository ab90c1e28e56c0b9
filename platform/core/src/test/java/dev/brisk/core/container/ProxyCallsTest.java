package dev.brisk.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.brisk.core.json.Json;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runtime protocol's calls against a real HTTP server on loopback. */
class ProxyCallsTest {
    private HttpServer server;
    private URI base;
    private final ProxyCalls calls = new ProxyCalls(HttpClient.newHttpClient());

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/run", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String echo = "{\"got\":" + new String(request, StandardCharsets.UTF_8) + ",\"type\":\""
                    + exchange.getRequestHeaders().getFirst("Content-Type") + "\"}";
            exchange.getResponseHeaders().add("X-Asked", String.valueOf(exchange.getRequestHeaders().getFirst("X-Ask")));
            byte[] out = echo.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/cut", exchange -> exchange.close()); // the connection ends without an answer
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anAnswerKeepsItsStatusBodyAndHeaders() {
        ObjectNode body = Json.object().put("value", "héllo");
        ProxyCalls.Answer answer = calls.post(base.resolve("/run"), body, Duration.ofSeconds(5), Map.of("X-Ask", "yes"),
                () -> true);
        assertTrue(answer.answered());
        assertEquals(200, answer.response().status());
        assertEquals("{\"got\":{\"value\":\"héllo\"},\"type\":\"application/json\"}", answer.response().body());
        assertEquals("yes", answer.headers().firstValue("X-Asked").orElse(null));
    }

    @Test
    void noAnswerWithinTheLimitIsATimeout() {
        ProxyCalls.Answer answer = calls.post(base.resolve("/slow"), Json.object(), Duration.ofMillis(300), Map.of(),
                () -> true);
        assertFalse(answer.answered());
        assertEquals(RuntimeResponse.Failure.TIMEOUT, answer.response().failure());
        assertTrue(answer.headers().map().isEmpty());
    }

    @Test
    void aLostConnectionIsNoResponseOrMemoryExhaustedWhenTheContainerSaysSo() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + closed + "/run");
        assertEquals(RuntimeResponse.Failure.NO_RESPONSE,
                calls.post(nobody, Json.object(), Duration.ofSeconds(2), Map.of(), () -> false).response().failure());
        assertEquals(RuntimeResponse.Failure.MEMORY_EXHAUSTED,
                calls.post(base.resolve("/cut"), Json.object(), Duration.ofSeconds(2), Map.of(), () -> true)
                        .response().failure());
    }

    @Test
    void aCallNotMadeHasNoAnswer() {
        assertEquals(RuntimeResponse.Failure.NO_RESPONSE, ProxyCalls.notMade().response().failure());
    }
}
