package dev.brisk.store.couchdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.StoreException;
import dev.brisk.testbed.support.couch.CouchDb;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user with rights on its databases only, not a server admin: the real CouchDB-compatible server, behind a proxy
 * that answers every database creation with CouchDB's 401 "You are not a server admin." and passes the rest through.
 * A store opens databases an operator made, and says clearly what is missing when one does not exist.
 */
class DatabaseRightsTest {
    @TempDir
    static Path dir;
    static CouchDb couch;
    static HttpServer proxy;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        couch = CouchDb.start(dir.resolve("couch"));
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            int status;
            byte[] answer;
            if (method.equals("PUT") && path.matches("/[^/]+/?")) {
                status = 401;
                answer = "{\"error\":\"unauthorized\",\"reason\":\"You are not a server admin.\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(couch.url() + path
                        + (query == null ? "" : "?" + query)))
                        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (auth != null) {
                    forward.header("Authorization", auth);
                }
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type != null) {
                    forward.header("Content-Type", type);
                }
                try {
                    HttpResponse<byte[]> r = HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = r.statusCode();
                    answer = r.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = 502;
                    answer = new byte[0];
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        proxy.start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.stop(0);
        }
        if (couch != null) {
            couch.close();
        }
    }

    @Test
    void aDatabaseTheOperatorMadeOpensWithoutServerAdminRights() throws Exception {
        String db = "rights-made-" + System.nanoTime();
        HttpResponse<String> made = HTTP.send(HttpRequest.newBuilder(URI.create(couch.url() + "/" + db))
                .header("Authorization", basic()).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, made.statusCode(), made.body());
        try (CouchStores stores = CouchStores.connect(CouchSettings.of(proxyUrl(), couch.username(),
                couch.password()))) {
            DocumentStore store = stores.database(db, List.of());
            store.put("doc-1", null, Json.object().put("kept", true));
            assertTrue(store.get("doc-1").orElseThrow().body().path("kept").asBoolean());
        }
    }

    @Test
    void aMissingDatabaseIsRefusedSayingWhichRightIsMissing() {
        String db = "rights-missing-" + System.nanoTime();
        try (CouchStores stores = CouchStores.connect(CouchSettings.of(proxyUrl(), couch.username(),
                couch.password()))) {
            StoreException e = assertThrows(StoreException.class, () -> stores.database(db, List.of()));
            assertTrue(e.getMessage().contains("may not create it"), e.getMessage());
        }
    }

    private static String proxyUrl() {
        return "http://127.0.0.1:" + proxy.getAddress().getPort();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((couch.username() + ":" + couch.password())
                .getBytes(StandardCharsets.UTF_8));
    }
}
