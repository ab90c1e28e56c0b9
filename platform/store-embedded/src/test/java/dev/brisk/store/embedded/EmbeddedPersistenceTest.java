package dev.brisk.store.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.StoreProvider;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewDefinition;
import dev.brisk.core.store.ViewKeys;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import dev.brisk.core.store.WhiskViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedPersistenceTest {
    private static final ViewQuery ALL = new ViewQuery(List.of(), List.of(ViewKeys.MAX), false, 0, 0);

    @TempDir
    Path dir;

    private Stores open() {
        return new EmbeddedStoreProvider().open(Map.of("path", dir.toString()));
    }

    private static ObjectNode entity(String ns, String name, long updated) {
        ObjectNode o = Json.object();
        o.put("namespace", ns);
        o.put("name", name);
        o.put("entityType", "action");
        o.put("updated", updated);
        return o;
    }

    private static ObjectNode subject(String name, String... namespaces) {
        ObjectNode o = Json.object();
        o.put("subject", name);
        for (String ns : namespaces) {
            o.withArray("namespaces").addObject().put("name", ns).put("uuid", "uuid-" + ns).put("key", "k");
        }
        return o;
    }

    @Test
    void providerIsFoundByNameAndCreatesTheDirectory() {
        StoreProvider provider = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("embedded")).findFirst().orElseThrow();
        Path data = dir.resolve("nested/data");
        try (Stores stores = provider.open(Map.of("path", data.toString()))) {
            assertTrue(stores.isAvailable());
            assertTrue(Files.exists(data.resolve(EmbeddedStores.FILE_NAME)));
            assertEquals("whisks", stores.whisks().name());
            stores.close();
            assertFalse(stores.isAvailable());
            assertThrows(RuntimeException.class, () -> stores.whisks().get("x"));
        }
    }

    @Test
    void documentsRevisionsAndViewsSurviveReopen() {
        Map<String, String> revs = new HashMap<>();
        try (Stores stores = open()) {
            for (int i = 0; i < 20; i++) {
                String id = "guest/a" + i;
                String rev = stores.whisks().put(id, null, entity("guest", "a" + i, 1000 + i));
                revs.put(id, stores.whisks().put(id, rev, entity("guest", "a" + i, 2000 + i)));
            }
            String rev = stores.whisks().put("other/x", null, entity("other/pkg", "x", 5));
            assertTrue(stores.whisks().delete("other/x", rev));
            revs.put("alice", stores.subjects().put("alice", null, subject("alice", "alice", "team")));
        }
        try (Stores stores = open()) {
            DocumentStore whisks = stores.whisks();
            revs.forEach((id, rev) -> {
                DocumentStore db = id.equals("alice") ? stores.subjects() : whisks;
                assertEquals(rev, db.get(id).orElseThrow().rev(), id);
            });
            assertTrue(revs.get("guest/a3").startsWith("2-"));
            assertEquals(2003, whisks.get("guest/a3").orElseThrow().body().get("updated").asLong());
            assertTrue(whisks.get("other/x").isEmpty());
            List<ViewRow> rows = whisks.query(WhiskViews.ENTITIES, ViewQuery.prefix("guest", "action"));
            assertEquals(20, rows.size());
            assertEquals(List.of("guest", "action", 2000L), rows.get(0).key());
            assertEquals(20, whisks.count(WhiskViews.ENTITIES, ALL)); // old keys and the deleted doc are gone
            assertEquals(List.of("alice"), stores.subjects().query(WhiskViews.IDENTITIES_BY_NAMESPACE,
                    ViewQuery.prefix("team")).stream().map(r -> r.document().id()).toList());
            // and it is still writable with the revisions from before
            whisks.put("guest/a3", revs.get("guest/a3"), entity("guest", "a3", 3000));
        }
    }

    @Test
    void changedViewDefinitionIsReindexedOnOpen() {
        ViewDefinition byName = new ViewDefinition("v", d -> List.of(List.of(d.path("name").asText())), "by name");
        ViewDefinition byUpdated = new ViewDefinition("v", d -> List.of(List.of(d.path("updated").asLong())), "by updated");
        try (EmbeddedStores stores = EmbeddedStores.openEmpty(dir, false)) {
            DocumentStore db = stores.database("things", List.of(byName));
            db.put("1", null, entity("guest", "b", 20));
            db.put("2", null, entity("guest", "a", 10));
        }
        try (EmbeddedStores stores = EmbeddedStores.openEmpty(dir, false)) {
            DocumentStore db = stores.database("things", List.of(byUpdated));
            List<List<Object>> keys = db.query("v", ALL).stream().map(ViewRow::key).toList();
            assertEquals(List.of(List.of(10L), List.of(20L)), keys);
        }
    }

    @Test
    void writesAcknowledgedBeforeHaltSurvive() throws Exception {
        Map<String, String> acked = runChild("halt", "300");
        assertEquals(50, acked.size());
        verify(acked, true);
    }

    @Test
    void writesAcknowledgedBeforeKillSurviveAndNothingIsHalfWritten() throws Exception {
        Map<String, String> acked = runChild("forever", "400");
        verify(acked, false);
    }

    /** Runs {@link ChildWriter}; kills it after {@code n} acknowledgements (it halts by itself in "halt" mode). */
    private Map<String, String> runChild(String mode, String n) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ChildWriter.class.getName(), dir.toString(), mode, n).redirectErrorStream(true).start();
        Map<String, String> acked = new HashMap<>();
        int count = 0;
        StringBuilder other = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ack")) {
                    acked.put(parts[1], parts[2]);
                    if (++count == Integer.parseInt(n) && mode.equals("forever")) {
                        // SIGKILL: the JVM gets no chance to close the store; acks still in the pipe count too
                        child.toHandle().destroyForcibly(); // unlike Process.destroy, leaves our pipe open
                    }
                } else {
                    other.append(line).append('\n');
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        if (mode.equals("halt")) {
            assertEquals(Integer.parseInt(n), count, "child output:\n" + other);
        } else {
            assertTrue(count >= Integer.parseInt(n), "child output:\n" + other);
        }
        return acked;
    }

    private void verify(Map<String, String> acked, boolean exact) {
        try (Stores stores = open()) {
            DocumentStore activations = stores.activations();
            acked.forEach((id, rev) -> {
                Document doc = activations.get(id).orElseThrow(() -> new AssertionError("lost " + id));
                if (exact) {
                    assertEquals(rev, doc.rev(), id);
                } else {
                    // the acknowledged write or one started after it (unacknowledged but complete)
                    assertTrue(generation(doc.rev()) >= generation(rev), id + " " + doc.rev() + " < " + rev);
                    assertTrue(generation(doc.rev()) <= generation(rev) + 1, id);
                }
                assertEquals("p".repeat(2000), doc.body().get("padding").asText());
            });
            // every document is in both views exactly once, under its current key
            List<ViewRow> rows = activations.query(WhiskViews.ACTIVATIONS, ViewQuery.prefix("guest"));
            assertEquals(acked.size(), rows.size());
            for (ViewRow row : rows) {
                assertEquals(row.document().body().get("start").asLong(), ((Number) row.key().get(1)).longValue());
            }
            assertEquals(acked.size(), activations.count(WhiskViews.ACTIVATIONS_BY_NAME, ALL));
        }
    }

    private static long generation(String rev) {
        return Long.parseLong(rev.substring(0, rev.indexOf('-')));
    }
}
