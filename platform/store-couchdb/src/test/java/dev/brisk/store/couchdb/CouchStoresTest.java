package dev.brisk.store.couchdb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.StoreProvider;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewDefinition;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.WhiskViews;
import dev.brisk.testbed.support.couch.CouchDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three databases, their design documents, the provider, and failure and recovery of the server. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CouchStoresTest {
    @TempDir
    static Path dir;
    static CouchDb couch;

    @BeforeAll
    static void startCouch() {
        couch = CouchDb.start(dir.resolve("couch"));
    }

    @AfterAll
    static void stopCouch() {
        if (couch != null) {
            couch.close();
        }
    }

    private static String prefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    }

    private static CouchSettings settings(CouchDb server, String prefix) {
        return CouchSettings.of(server.url(), server.username(), server.password()).withDbPrefix(prefix);
    }

    private static JsonNode raw(CouchDb server, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", server.basicAuth()).timeout(Duration.ofSeconds(10)).GET().build();
        return Json.parse(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void openCreatesTheThreeDatabasesWithTheirViews() throws Exception {
        String p = prefix();
        try (CouchStores stores = CouchStores.open(settings(couch, p))) {
            Set<String> dbs = new TreeSet<>();
            raw(couch, "/_all_dbs").forEach(n -> dbs.add(n.asText()));
            assertTrue(dbs.containsAll(List.of(p + "subjects", p + "whisks", p + "activations")), dbs.toString());
            assertEquals(p + "whisks", stores.whisks().name());
            assertEquals(p + "subjects", stores.subjects().name());
            assertEquals(p + "activations", stores.activations().name());

            Map<String, List<ViewDefinition>> expected = Map.of("subjects", WhiskViews.SUBJECTS,
                    "whisks", WhiskViews.WHISKS, "activations", WhiskViews.ACTIVATION_VIEWS);
            for (var e : expected.entrySet()) {
                // one design document per view, named by its definition; no shared one
                for (ViewDefinition v : e.getValue()) {
                    JsonNode design = raw(couch, "/" + p + e.getKey() + "/" + ViewDesigns.designId(v));
                    assertEquals("javascript", design.path("language").asText());
                    Set<String> names = new TreeSet<>();
                    design.path("views").fieldNames().forEachRemaining(names::add);
                    assertEquals(Set.of(v.name()), names);
                    assertEquals(v.couchMap(), design.path("views").path(v.name()).path("map").asText());
                    assertEquals("_count", design.path("views").path(v.name()).path("reduce").asText());
                }
                assertTrue(raw(couch, "/" + p + e.getKey() + "/_design/brisk").has("error"), "no legacy design");
            }
            assertTrue(stores.isAvailable());
        }
    }

    @Test
    void whiskViewsWorkOnCouchDb() {
        try (CouchStores stores = CouchStores.open(settings(couch, prefix()))) {
            var action = Json.object().put("namespace", "guest/pkg").put("name", "hello")
                    .put("entityType", "action").put("updated", 1700000000000L);
            stores.whisks().put("guest/pkg/hello", null, action);
            var rows = stores.whisks().query(WhiskViews.ENTITIES, ViewQuery.prefix("guest", "action"));
            assertEquals(1, rows.size());
            assertEquals("guest/pkg/hello", rows.get(0).document().id());
            assertEquals(List.of("guest", "action", 1700000000000L), rows.get(0).key());

            var activation = Json.object().put("namespace", "guest").put("name", "hello")
                    .put("activationId", "abc").put("start", 5L);
            activation.putArray("annotations").addObject().put("key", "path").put("value", "guest/pkg/hello");
            stores.activations().put("guest/abc", null, activation);
            assertEquals(1, stores.activations().count(WhiskViews.ACTIVATIONS_BY_NAME, ViewQuery.prefix("guest", "pkg/hello")));
            assertEquals(1, stores.activations().count(WhiskViews.ACTIVATIONS, ViewQuery.prefix("guest")));
        }
    }

    @Test
    void reopeningIsIdempotentAndKeepsData() throws Exception {
        String p = prefix();
        String rev;
        try (CouchStores stores = CouchStores.open(settings(couch, p))) {
            rev = stores.whisks().put("guest/a", null, Json.object().put("x", 1));
        }
        String designPath = "/" + p + "whisks/" + ViewDesigns.designId(WhiskViews.WHISKS.get(0));
        String designRev = raw(couch, designPath).path("_rev").asText();
        assertNotEquals("", designRev);
        try (CouchStores again = CouchStores.open(settings(couch, p))) {
            Document d = again.whisks().get("guest/a").orElseThrow();
            assertEquals(rev, d.rev());
        }
        // an unchanged design document is not rewritten (no index rebuild)
        assertEquals(designRev, raw(couch, designPath).path("_rev").asText());
    }

    @Test
    void changedViewIsUpdatedAtOpen() throws Exception {
        String db = prefix() + "views";
        ViewDefinition v1 = new ViewDefinition("by-x", doc -> List.of(),
                "function (doc) { if (doc.x) { emit([doc.x], null); } }");
        ViewDefinition v2 = new ViewDefinition("by-x", doc -> List.of(),
                "function (doc) { if (doc.y) { emit([doc.y], null); } }");
        ViewDefinition extra = new ViewDefinition("by-z", doc -> List.of(),
                "function (doc) { if (doc.z) { emit([doc.z], null); } }");
        try (CouchStores first = CouchStores.connect(settings(couch, ""))) {
            DocumentStore s = first.database(db, List.of(v1));
            s.put("d1", null, Json.object().put("x", "a").put("y", "b").put("z", "c"));
            assertEquals(1, s.count("by-x", ViewQuery.prefix("a")));
            assertEquals(0, s.count("by-x", ViewQuery.prefix("b")));
        }
        String rev1 = raw(couch, "/" + db + "/" + ViewDesigns.designId(v1)).path("_rev").asText();
        try (CouchStores second = CouchStores.connect(settings(couch, ""))) {
            CouchDocumentStore s = second.database(db, List.of(v2, extra));
            // a small index is built before open returns, so the new definition answers at once
            assertEquals(List.of(), s.designs().building());
            assertEquals(ViewDesigns.designId(v2), s.designs().designOf("by-x"));
            assertEquals(0, s.count("by-x", ViewQuery.prefix("a")));
            assertEquals(1, s.count("by-x", ViewQuery.prefix("b")));
            assertEquals(List.of("d1"), s.query("by-z", ViewQuery.prefix("c")).stream().map(r -> r.document().id()).toList());
            second.deleteDatabase(db);
        }
        assertNotEquals("", rev1);
    }

    @Test
    void providerIsFoundByNameAndReadsItsSettings() {
        StoreProvider provider = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(sp -> sp.name().equals("couchdb")).findFirst().orElseThrow();
        assertInstanceOf(CouchStoreProvider.class, provider);
        String p = prefix();
        Map<String, String> settings = new HashMap<>();
        settings.put("url", couch.url());
        settings.put("username", couch.username());
        settings.put("password", couch.password());
        settings.put("db-prefix", p);
        settings.put("connect-timeout-ms", "1500");
        settings.put("socket-timeout-ms", "20000");
        try (Stores stores = provider.open(settings)) {
            assertEquals(p + "subjects", stores.subjects().name());
            assertTrue(stores.isAvailable());
        }
        // credentials in the URL work too
        settings.remove("username");
        settings.remove("password");
        settings.put("url", couch.url().replace("http://", "http://" + couch.username() + ":" + couch.password() + "@"));
        try (Stores stores = provider.open(settings)) {
            assertTrue(stores.isAvailable());
        }
    }

    @Test
    void settingsDefaults() {
        CouchSettings s = CouchSettings.from(Map.of());
        assertEquals("http://127.0.0.1:5984", s.url());
        assertEquals("whisk_local_", s.dbPrefix());
        assertEquals(null, s.username());
        assertEquals(CouchSettings.DEFAULT_CONNECT_TIMEOUT_MS, s.connectTimeoutMs());
        assertEquals(CouchSettings.DEFAULT_SOCKET_TIMEOUT_MS, s.socketTimeoutMs());
        assertThrows(IllegalArgumentException.class, () -> CouchSettings.from(Map.of("url", "ftp://x")));
        assertThrows(IllegalArgumentException.class, () -> CouchSettings.from(Map.of("socket-timeout-ms", "soon")));
        assertFalse(CouchSettings.from(Map.of("url", "http://u:secret@h:1")).toString().contains("secret"));
    }

    @Test
    void openFailsWithStoreExceptionWhenNothingListens() {
        CouchSettings nowhere = CouchSettings.of("http://127.0.0.1:9", null, null).withTimeouts(1000, 2000);
        long started = System.nanoTime();
        assertThrows(StoreException.class, () -> CouchStores.open(nowhere));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void killedServerFailsFastAndRecoversAfterRestart() throws Exception {
        CouchDb own = CouchDb.start(dir.resolve("fault"));
        org.junit.jupiter.api.Assumptions.assumeTrue(own.controllable(), "the external CouchDB has no"
                + " BRISK_COUCH_STOP_COMMAND and BRISK_COUCH_START_COMMAND: it cannot be killed for this test");
        try (CouchStores stores = CouchStores.open(settings(own, prefix()).withTimeouts(1000, 5000))) {
            DocumentStore whisks = stores.whisks();
            String rev = whisks.put("guest/a", null, Json.object().put("x", 1)
                    .put("namespace", "guest").put("entityType", "action").put("updated", 1L));
            assertTrue(stores.isAvailable());

            own.kill();
            long started = System.nanoTime();
            assertFalse(stores.isAvailable());
            assertFailsFast(() -> whisks.get("guest/a"));
            assertFailsFast(() -> whisks.put("guest/b", null, Json.object().put("x", 2)));
            assertFailsFast(() -> whisks.put("guest/a", rev, Json.object().put("x", 3)));
            assertFailsFast(() -> whisks.delete("guest/a", rev));
            assertFailsFast(() -> whisks.query(WhiskViews.ENTITIES, ViewQuery.prefix("guest")));
            assertFailsFast(() -> whisks.count(WhiskViews.ENTITIES, ViewQuery.prefix("guest")));
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(15).toNanos());

            own.restart();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!stores.isAvailable() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(stores.isAvailable());
            Document d = whisks.get("guest/a").orElseThrow();
            assertEquals(rev, d.rev());
            assertEquals(1, whisks.count(WhiskViews.ENTITIES, ViewQuery.prefix("guest")));
            String rev2 = whisks.put("guest/a", rev, Json.object().put("x", 4));
            assertTrue(rev2.startsWith("2-"), rev2);
        } finally {
            own.close();
        }
    }

    private static void assertFailsFast(Executable operation) {
        long started = System.nanoTime();
        StoreException e = assertThrows(StoreException.class, operation);
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertTrue(ms < 3_000, "took " + ms + " ms: " + e.getMessage());
        assertTrue(e.getMessage().contains("CouchDB"), e.getMessage());
    }
}
