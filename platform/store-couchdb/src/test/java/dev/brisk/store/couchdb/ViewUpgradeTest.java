package dev.brisk.store.couchdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.ViewDefinition;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.testbed.support.couch.CouchDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A changed view on a database holding many thousand activations: lists keep answering, from the previous index,
 * within the normal time while the new index builds; then they switch to it and the superseded design document is
 * retired. Also the upgrade from the single design document of earlier Brisk versions. The number of documents is
 * {@code -Dbrisk.view-upgrade.docs} (default 5,000; docs/couchdb.md gives figures for 50,000).
 */
class ViewUpgradeTest {
    private static final int DOCS = Integer.getInteger("brisk.view-upgrade.docs", 5_000);
    /** A list call during the build must answer well within CouchSettings' 60 s socket timeout. */
    private static final Duration LIST_BOUND = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static CouchDb couch;

    static final ViewDefinition V1 = new ViewDefinition("by-ns", doc -> List.of(),
            "function (doc) { if (doc.ns) { emit([doc.ns, doc.start], null); } }");
    /** Same keys, another function: a new version of the view. */
    static final ViewDefinition V2 = new ViewDefinition("by-ns", doc -> List.of(),
            "function (doc) { if (doc.ns && doc.start >= 0) { emit([doc.ns, doc.start], null); } }");

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

    @Test
    void listsKeepAnsweringWhileAChangedViewBuilds() throws Exception {
        String db = couch.runPrefix() + "upgrade-" + UUID.randomUUID().toString().substring(0, 8);
        CouchSettings settings = CouchSettings.of(couch.url(), couch.username(), couch.password());
        try (CouchStores before = CouchStores.connect(settings)) {
            CouchDocumentStore s = before.database(db, List.of(V1));
            fill(db, DOCS);
            long t0 = System.nanoTime();
            assertEquals(DOCS, s.count("by-ns", ViewQuery.prefix("guest")));
            System.out.printf("VIEW-UPGRADE %d documents; first index built in %d ms%n", DOCS, ms(t0));
        }
        upgradeWhileListing(db, settings, ViewDesigns.designId(V1));
    }

    @Test
    void theSingleDesignDocumentOfEarlierVersionsIsReplacedWithoutAnOutage() throws Exception {
        String db = couch.runPrefix() + "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        CouchSettings settings = CouchSettings.of(couch.url(), couch.username(), couch.password());
        send("PUT", "/" + db, null);
        ObjectNode legacy = Json.object().put("language", "javascript");
        legacy.putObject("views").putObject("by-ns").put("map", V1.couchMap()).put("reduce", "_count");
        assertEquals(201, send("PUT", "/" + db + "/_design/brisk", legacy).statusCode());
        fill(db, DOCS);
        // build the legacy index, as the earlier version's lists did
        assertEquals(200, send("GET", "/" + db + "/_design/brisk/_view/by-ns?limit=0&reduce=false", null).statusCode());
        upgradeWhileListing(db, settings, ViewDesigns.LEGACY);
    }

    /** Opens {@code db} with V2 and lists until the switch; every list answers, whole and in time. */
    private void upgradeWhileListing(String db, CouchSettings settings, String previous) throws Exception {
        try (CouchStores after = CouchStores.connect(settings.withViewUpgrades(0, 0))) {
            long opened = System.nanoTime();
            CouchDocumentStore s = after.database(db, List.of(V2));
            assertEquals(List.of("by-ns"), s.designs().building(), "the new index is built in the background");
            assertEquals(previous, s.designs().designOf("by-ns"), "lists read the previous index meanwhile");
            int calls = 0;
            long slowestList = 0;
            long slowestCount = 0;
            while (!s.designs().building().isEmpty()) {
                long t = System.nanoTime();
                var rows = s.query("by-ns", ViewQuery.prefix("guest").descending(true).page(0, 20).lagging());
                long listed = ms(t);
                t = System.nanoTime();
                long count = s.count("by-ns", ViewQuery.prefix("guest").lagging());
                long counted = ms(t);
                slowestList = Math.max(slowestList, listed);
                slowestCount = Math.max(slowestCount, counted);
                assertEquals(20, rows.size());
                assertEquals((long) DOCS - 1, rows.get(0).key().get(1), "newest first");
                assertEquals(DOCS, count);
                assertTrue(listed < LIST_BOUND.toMillis(), "a list during the build took " + listed + " ms");
                calls++;
            }
            long built = ms(opened);
            // a count is bounded by the socket timeout only: pouchdb-server (the stand-in) reduces row by row and
            // makes a reduce wait for a running build; CouchDB reads the reduction from the index's b-tree
            System.out.printf("VIEW-UPGRADE %s (%d documents): new index built in %d ms; %d lists and counts meanwhile,"
                    + " slowest list %d ms, slowest count %d ms%n", previous, DOCS, built, calls, slowestList,
                    slowestCount);
            assertTrue(calls > 0, "the build ended before a single list was made; use more documents");
            assertEquals(ViewDesigns.designId(V2), s.designs().designOf("by-ns"));
            assertEquals(DOCS, s.count("by-ns", ViewQuery.prefix("guest")));
            // retired at once here (retire-views-after-ms 0): the previous design document goes
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int status;
            do {
                status = send("GET", "/" + db + "/" + previous, null).statusCode();
            } while (status != 404 && System.nanoTime() < deadline && pause());
            assertEquals(404, status, previous + " was not retired");
            after.deleteDatabase(db);
        }
    }

    private static void fill(String db, int n) throws Exception {
        int batch = 2_000;
        for (int from = 0; from < n; from += batch) {
            ObjectNode body = Json.object();
            ArrayNode docs = body.putArray("docs");
            for (int i = from; i < Math.min(n, from + batch); i++) {
                docs.addObject().put("_id", "guest/" + String.format("%08d", i)).put("ns", "guest")
                        .put("start", (long) i).put("activationId", String.format("%032x", i)).put("name", "a" + i % 7);
            }
            HttpResponse<String> r = send("POST", "/" + db + "/_bulk_docs", body);
            assertEquals(201, r.statusCode(), r.body());
        }
    }

    private static HttpResponse<String> send(String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(couch.url() + path))
                .header("Authorization", couch.basicAuth()).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }
}
