package dev.brisk.conformance.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request without a body carries no Content-Type: REST Assured would send its form type on a bodiless POST, which
 * OpenWhisk answers with 415 (an invoke or fire "without a body" would test the client, not the target).
 */
class BodilessRequestTest {
    private static HttpServer server;
    private static final List<String> CONTENT_TYPES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            synchronized (CONTENT_TYPES) {
                CONTENT_TYPES.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        System.setProperty(TargetConfig.APIHOST, "http://127.0.0.1:" + server.getAddress().getPort());
        System.setProperty(TargetConfig.AUTH, "user:key");
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void aPostWithoutBodyHasNoContentTypeAndOneWithABodyIsJson() {
        World world = new World();
        CONTENT_TYPES.clear();
        world.api().post("/api/v1/namespaces/_/actions/x");
        world.anonymous().post("/api/v1/namespaces/_/triggers/t");
        world.send(world.api(), "POST", "_", "triggers", "t");
        world.api().put("/api/v1/namespaces/_/rules/r");
        world.json("{\"a\":1}").post("/api/v1/namespaces/_/actions/x");
        assertEquals(List.of("null", "null", "null", "null", "application/json"), CONTENT_TYPES.stream()
                .map(t -> t.split(";")[0]).toList());
    }
}
