package dev.brisk.store.couchdb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.DocumentStoreContract;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.ViewDefinition;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.testbed.support.couch.CouchDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store contract against a real CouchDB-compatible server (pouchdb-server), one fresh database per test. */
class CouchDocumentStoreTest extends DocumentStoreContract {
    @TempDir
    static Path dir;
    static CouchDb couch;
    static CouchStores stores;

    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void startCouch() {
        couch = CouchDb.start(dir.resolve("couch"));
        stores = CouchStores.connect(CouchSettings.of(couch.url(), couch.username(), couch.password()));
    }

    @AfterAll
    static void stopCouch() {
        if (stores != null) {
            stores.close();
        }
        if (couch != null) {
            couch.close();
        }
    }

    @Override
    protected DocumentStore newStore(String name, List<ViewDefinition> views) {
        created.add(name);
        return stores.database(name, views);
    }

    @AfterEach
    void dropDatabases() {
        created.forEach(stores::deleteDatabase);
    }

    // --- CouchDB specifics ---

    static HttpResponse<String> raw(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(couch.url() + path))
                .header("Authorization", couch.basicAuth()).timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void idsWithSlashesAreOneUrlEncodedPathSegment() throws Exception {
        String db = uniqueName();
        DocumentStore s = newStore(db, VIEWS);
        s.put("guest/hello", null, doc("x", 1));
        s.put("guest/pkg/a b", null, doc("x", 2));
        s.put("guest/a+b", null, doc("x", 3));
        s.put("guest/ü?&#%", null, doc("x", 4));

        HttpResponse<String> r = raw("/" + db + "/guest%2Fhello");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("guest/hello", Json.parse(r.body()).get("_id").asText());
        assertEquals(200, raw("/" + db + "/guest%2Fpkg%2Fa%20b").statusCode());
        assertEquals(200, raw("/" + db + "/guest%2Fa%2Bb").statusCode());

        // exactly these ids, nothing mangled (a space is not a plus, a slash is not a path separator)
        Set<String> ids = new TreeSet<>();
        for (JsonNode row : Json.parse(raw("/" + db + "/_all_docs").body()).get("rows")) {
            ids.add(row.get("id").asText());
        }
        Set<String> expected = new TreeSet<>(List.of("guest/hello", "guest/pkg/a b", "guest/a+b", "guest/ü?&#%"));
        VIEWS.forEach(v -> expected.add(ViewDesigns.designId(v)));
        assertEquals(expected, ids);
        assertEquals(4, s.get("guest/ü?&#%").orElseThrow().body().get("x").asInt());
        assertTrue(s.get("guest/a b").isEmpty());
        assertTrue(s.get("guest").isEmpty());
    }

    @Test
    void revisionIsCouchRevAndBodyHasNoSpecialFields() throws Exception {
        String db = uniqueName();
        DocumentStore s = newStore(db, VIEWS);
        var body = doc("x", 1);
        body.put("_id", "ignored");
        body.put("_rev", "1-ignored");
        String rev = s.put("a", null, body);
        JsonNode stored = Json.parse(raw("/" + db + "/a").body());
        assertEquals(rev, stored.get("_rev").asText());
        assertEquals("a", stored.get("_id").asText());
        var got = s.get("a").orElseThrow().body();
        assertTrue(!got.has("_id") && !got.has("_rev"), got.toString());
    }

    @Test
    void documentsCouchDbRefusesAreIllegalArguments() {
        DocumentStore s = newStore(uniqueName(), VIEWS);
        assertThrows(IllegalArgumentException.class, () -> s.put("_reserved", null, doc("x", 1)));
        assertThrows(IllegalArgumentException.class, () -> s.put("a", null, doc("_special", 1)));
    }

    @Test
    void unknownViewIsAnIllegalArgument() {
        DocumentStore s = newStore(uniqueName(), VIEWS);
        assertThrows(IllegalArgumentException.class, () -> s.query("nope", ViewQuery.prefix("a")));
    }

    @Test
    void droppedDatabaseIsAStoreFailureNotAMissingDocument() {
        String db = uniqueName();
        DocumentStore s = newStore(db, VIEWS);
        stores.deleteDatabase(db);
        created.remove(db);
        assertThrows(StoreException.class, () -> s.get("a"));
        assertThrows(StoreException.class, () -> s.put("a", null, doc("x", 1)));
        assertThrows(StoreException.class, () -> s.query(BY_GROUP.name(), ViewQuery.prefix("a")));
    }
}
