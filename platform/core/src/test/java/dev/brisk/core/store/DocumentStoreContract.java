package dev.brisk.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link DocumentStore} must have (the embedded store, CouchDB through Ektorp). Subclasses
 * return a new, empty database; they close what they opened in their own {@code @AfterEach}.
 * <p>
 * String keys that order rows in these tests are lower-case ASCII only: {@link ViewKeys} compares strings by UTF-16
 * code unit, CouchDB by ICU collation, and the two orders differ for mixed case and punctuation. Brisk never orders
 * rows by such strings, only selects them ({@link #mixedCaseNamesListInOneOrderOnEveryStore}).
 */
public abstract class DocumentStoreContract {

    /** A new empty database named {@code name} (lower case, CouchDB-valid, unique per call) with {@code views}. */
    protected abstract DocumentStore newStore(String name, List<ViewDefinition> views);

    /** {@code [group, n]} for documents with a {@code group}. */
    protected static final ViewDefinition BY_GROUP = new ViewDefinition("by-group",
            doc -> doc.hasNonNull("group") ? List.of(List.of(doc.get("group").asText(), doc.path("n").asLong()))
                    : List.of(),
            "function (doc) { if (doc.group) { emit([doc.group, doc.n], null); } }");

    /** The document's {@code k} array (strings and integers) as the key, for collation. */
    protected static final ViewDefinition BY_KEY = new ViewDefinition("by-key", DocumentStoreContract::rawKey,
            "function (doc) { if (doc.k) { emit(doc.k, null); } }");

    protected static final List<ViewDefinition> VIEWS = List.of(BY_GROUP, BY_KEY);

    private static List<List<Object>> rawKey(ObjectNode doc) {
        if (!doc.path("k").isArray()) {
            return List.of();
        }
        List<Object> key = new ArrayList<>();
        doc.get("k").forEach(e -> key.add(e.isNumber() ? (Object) e.asLong() : e.asText()));
        return List.of(key);
    }

    private DocumentStore store() {
        return newStore(uniqueName(), VIEWS);
    }

    protected static String uniqueName() {
        return "contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    protected static ObjectNode doc(String field, Object value) {
        ObjectNode o = Json.object();
        o.set(field, Json.MAPPER.valueToTree(value));
        return o;
    }

    protected static ObjectNode grouped(String group, long n) {
        ObjectNode o = Json.object();
        o.put("group", group);
        o.put("n", n);
        return o;
    }

    /** Compares JSON as text would: an int and a long of the same value are equal. */
    protected static void assertJson(JsonNode expected, JsonNode actual) {
        assertEquals(Json.parse(Json.write(expected)), Json.parse(Json.write(actual)));
    }

    /** Keys with every number as a long, whatever type the store decoded. */
    protected static List<Object> key(ViewRow row) {
        return row.key().stream().map(e -> e instanceof Number n ? (Object) n.longValue() : e).toList();
    }

    private static List<Long> ns(List<ViewRow> rows) {
        return rows.stream().map(r -> ((Number) r.key().get(1)).longValue()).toList();
    }

    private static List<String> ids(List<ViewRow> rows) {
        return rows.stream().map(r -> r.document().id()).toList();
    }

    // --- documents ---

    @Test
    void createReturnsRevisionInCouchShape() {
        String rev = store().put("a", null, doc("x", 1));
        assertNotNull(rev);
        assertTrue(rev.matches("1-[0-9a-f]{32}"), rev);
    }

    @Test
    void getReturnsBodyAndRevision() {
        DocumentStore s = store();
        String rev = s.put("a", null, doc("x", "y"));
        Document d = s.get("a").orElseThrow();
        assertEquals("a", d.id());
        assertEquals(rev, d.rev());
        assertJson(doc("x", "y"), d.body());
    }

    @Test
    void getMissingIsEmpty() {
        assertEquals(Optional.empty(), store().get("nope"));
    }

    @Test
    void createOverExistingConflicts() {
        DocumentStore s = store();
        String rev = s.put("a", null, doc("x", 1));
        assertThrows(DocumentConflictException.class, () -> s.put("a", null, doc("x", 2)));
        Document d = s.get("a").orElseThrow();
        assertEquals(rev, d.rev());
        assertJson(doc("x", 1), d.body());
    }

    @Test
    void updateWithCurrentRevisionGivesNewRevision() {
        DocumentStore s = store();
        String rev1 = s.put("a", null, doc("x", 1));
        String rev2 = s.put("a", rev1, doc("x", 2));
        assertNotEquals(rev1, rev2);
        assertTrue(rev2.startsWith("2-"), rev2);
        Document d = s.get("a").orElseThrow();
        assertEquals(rev2, d.rev());
        assertJson(doc("x", 2), d.body());
        String rev3 = s.put("a", rev2, doc("x", 2)); // same body again: still a new revision
        assertTrue(rev3.startsWith("3-"), rev3);
    }

    @Test
    void updateWithStaleRevisionConflictsAndKeepsDocument() {
        DocumentStore s = store();
        String rev1 = s.put("a", null, doc("x", 1));
        String rev2 = s.put("a", rev1, doc("x", 2));
        assertThrows(DocumentConflictException.class, () -> s.put("a", rev1, doc("x", 3)));
        Document d = s.get("a").orElseThrow();
        assertEquals(rev2, d.rev());
        assertJson(doc("x", 2), d.body());
    }

    @Test
    void updateOfMissingDocumentWithRevisionConflicts() {
        DocumentStore s = store();
        String rev = s.put("a", null, doc("x", 1));
        assertThrows(DocumentConflictException.class, () -> s.put("b", rev, doc("x", 2)));
        assertTrue(s.get("b").isEmpty());
    }

    @Test
    void deleteWithStaleRevisionConflicts() {
        DocumentStore s = store();
        String rev1 = s.put("a", null, doc("x", 1));
        String rev2 = s.put("a", rev1, doc("x", 2));
        assertThrows(DocumentConflictException.class, () -> s.delete("a", rev1));
        assertEquals(rev2, s.get("a").orElseThrow().rev());
    }

    @Test
    void deleteRemovesDocument() {
        DocumentStore s = store();
        String rev = s.put("a", null, doc("x", 1));
        assertTrue(s.delete("a", rev));
        assertTrue(s.get("a").isEmpty());
        assertFalse(s.delete("a", rev));
    }

    @Test
    void deleteMissingIsFalse() {
        assertFalse(store().delete("never", "1-00000000000000000000000000000000"));
    }

    @Test
    void recreateAfterDelete() {
        DocumentStore s = store();
        String rev1 = s.put("a", null, doc("x", 1));
        assertTrue(s.delete("a", rev1));
        String rev2 = s.put("a", null, doc("x", 2));
        assertNotEquals(rev1, rev2);
        assertJson(doc("x", 2), s.get("a").orElseThrow().body());
        // a revision from before the delete does not apply to the new document
        assertThrows(DocumentConflictException.class, () -> s.put("a", rev1, doc("x", 3)));
    }

    @Test
    void idsAreIndependent() {
        DocumentStore s = store();
        s.put("a", null, doc("x", 1));
        s.put("ns/pkg/a b", null, doc("x", 2));
        assertJson(doc("x", 1), s.get("a").orElseThrow().body());
        assertJson(doc("x", 2), s.get("ns/pkg/a b").orElseThrow().body());
    }

    @Test
    void bodiesRoundTrip() {
        ObjectNode body = Json.object();
        ObjectNode nested = body.putObject("nested");
        nested.putObject("deeper").putArray("list").add(1).add("two").add(true).addNull().addObject().put("k", "v");
        nested.putArray("empty");
        nested.putObject("emptyObject");
        body.put("unicode", "grüße, 日本語, emoji \uD83D\uDE80, quote \" backslash \\ newline \n tab \t");
        body.put("int", 42);
        body.put("negative", -7);
        body.put("long", 9_007_199_254_740_991L);
        body.put("double", 3.25);
        body.put("small", -0.5);
        body.put("zero", 0);
        body.put("yes", true);
        body.put("no", false);
        body.putNull("nothing");
        DocumentStore s = store();
        s.put("a", null, body);
        assertJson(body, s.get("a").orElseThrow().body());
    }

    @Test
    void largeBodyRoundTrips() {
        String big = "x".repeat(1024 * 1024 - 7) + "the end";
        DocumentStore s = store();
        String rev = s.put("big", null, doc("code", big));
        assertEquals(big, s.get("big").orElseThrow().body().get("code").asText());
        s.put("big", rev, doc("code", "small"));
        assertEquals("small", s.get("big").orElseThrow().body().get("code").asText());
    }

    @Test
    void storedBodyIsACopy() {
        DocumentStore s = store();
        ObjectNode body = doc("x", 1);
        s.put("a", null, body);
        body.put("x", 2);
        s.get("a").orElseThrow().body().put("x", 3);
        assertJson(doc("x", 1), s.get("a").orElseThrow().body());
    }

    // --- views ---

    @Test
    void keysComeInCollationOrder() {
        DocumentStore s = store();
        List<List<?>> expected = List.of(
                List.of(-5L), List.of(1L), List.of(1L, "x"), List.of(2L), List.of(10L), List.of(10L, 3L),
                List.of("a"), List.of("a", 1L), List.of("a", "a"), List.of("ab"), List.of("b"));
        List<List<?>> shuffled = new ArrayList<>(expected);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        int i = 0;
        for (List<?> k : shuffled) {
            s.put("d" + i++, null, doc("k", k));
        }
        List<ViewRow> rows = s.query(BY_KEY.name(), new ViewQuery(List.of(), List.of(ViewKeys.MAX), false, 0, 0));
        assertEquals(expected, rows.stream().map(DocumentStoreContract::key).toList());
        assertEquals(expected.size(), s.count(BY_KEY.name(), new ViewQuery(List.of(), List.of(ViewKeys.MAX), false, 0, 0)));
    }

    /**
     * Names that differ only in case list in one order on every store, OpenWhisk's: an entity list reads the whisks
     * view keyed {@code [namespace, type, updated]} (OpenWhisk's whisks views key by namespace and {@code updated}
     * too), so a name never orders a list; rows with equal keys come in document-id order by code unit (CouchDB
     * compares ids as raw bytes, couch_ejson_compare:less_json_ids), and a namespace that differs only in case is
     * another namespace. Strings that differ in case never order rows against each other, so ICU collation
     * (CouchDB) and code-unit order (the embedded store, pouchdb-server) give the same lists.
     */
    @Test
    void mixedCaseNamesListInOneOrderOnEveryStore() {
        DocumentStore s = newStore(uniqueName(), WhiskViews.WHISKS);
        // updated: two ties (ids decide) and names whose case order (a, A, ab, aB, Ab, b, B) is not the list's
        String[][] entities = {{"B", "100"}, {"a", "200"}, {"Ab", "200"}, {"aB", "300"}, {"ab", "300"},
                {"A", "400"}, {"b", "50"}};
        for (String[] e : entities) {
            s.put("guest/" + e[0], null, entity("guest", e[0], Long.parseLong(e[1])));
        }
        s.put("Guest/a", null, entity("Guest", "a", 500));   // another namespace, one letter apart
        s.put("guest/pkg/a", null, entity("guest/pkg", "a", 600)); // packaged: listed under its root namespace
        List<ViewRow> rows = s.query(WhiskViews.ENTITIES, ViewQuery.prefix("guest", "actions").descending(true));
        assertEquals(List.of("guest/pkg/a", "guest/A", "guest/ab", "guest/aB", "guest/a", "guest/Ab", "guest/B",
                "guest/b"), ids(rows));
        assertEquals(8, s.count(WhiskViews.ENTITIES, ViewQuery.prefix("guest", "actions")));
        assertEquals(List.of("Guest/a"), ids(s.query(WhiskViews.ENTITIES, ViewQuery.prefix("Guest", "actions"))));
        assertEquals(List.of(), ids(s.query(WhiskViews.ENTITIES, ViewQuery.prefix("GUEST", "actions"))));
        // a page of the list is the same slice on every store
        assertEquals(List.of("guest/aB", "guest/a"), ids(s.query(WhiskViews.ENTITIES,
                ViewQuery.prefix("guest", "actions").descending(true).page(3, 2))));
    }

    private static ObjectNode entity(String namespace, String name, long updated) {
        ObjectNode o = Json.object();
        o.put("entityType", "actions");
        o.put("namespace", namespace);
        o.put("name", name);
        o.put("updated", updated);
        return o;
    }

    @Test
    void rowsCarryTheirDocuments() {
        DocumentStore s = store();
        String rev = s.put("g1", null, grouped("a", 1));
        List<ViewRow> rows = s.query(BY_GROUP.name(), ViewQuery.prefix("a"));
        assertEquals(1, rows.size());
        assertEquals(List.of("a", 1L), key(rows.get(0)));
        assertEquals("g1", rows.get(0).document().id());
        assertEquals(rev, rows.get(0).document().rev());
        assertJson(grouped("a", 1), rows.get(0).document().body());
    }

    private DocumentStore groups() {
        DocumentStore s = store();
        for (long n = 1; n <= 5; n++) {
            s.put("a" + n, null, grouped("a", n));
        }
        s.put("b1", null, grouped("b", 1));
        s.put("aa1", null, grouped("aa", 1)); // shares the prefix "a" as a string, not as a key element
        s.put("plain", null, doc("x", 1));   // emits nothing
        return s;
    }

    @Test
    void prefixQuerySelectsOnlyThatPrefix() {
        DocumentStore s = groups();
        List<ViewRow> rows = s.query(BY_GROUP.name(), ViewQuery.prefix("a"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ns(rows));
        assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), ids(rows));
        assertEquals(List.of("b1"), ids(s.query(BY_GROUP.name(), ViewQuery.prefix("b"))));
        assertEquals(List.of(), s.query(BY_GROUP.name(), ViewQuery.prefix("c")));
    }

    @Test
    void rangeBoundsAreInclusive() {
        DocumentStore s = groups();
        ViewQuery q = ViewQuery.prefix("a").range(List.of("a", 2L), List.of("a", 4L));
        assertEquals(List.of(2L, 3L, 4L), ns(s.query(BY_GROUP.name(), q)));
        assertEquals(3, s.count(BY_GROUP.name(), q));
        ViewQuery single = q.range(List.of("a", 3L), List.of("a", 3L));
        assertEquals(List.of(3L), ns(s.query(BY_GROUP.name(), single)));
        ViewQuery empty = q.range(List.of("a", 4L), List.of("a", 2L));
        assertEquals(List.of(), s.query(BY_GROUP.name(), empty));
    }

    @Test
    void descendingWalksFromTheHighEnd() {
        DocumentStore s = groups();
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), ns(s.query(BY_GROUP.name(), ViewQuery.prefix("a").descending(true))));
        ViewQuery q = ViewQuery.prefix("a").range(List.of("a", 2L), List.of("a", 4L)).descending(true);
        assertEquals(List.of(4L, 3L, 2L), ns(s.query(BY_GROUP.name(), q)));
    }

    @Test
    void skipAndLimitPage() {
        DocumentStore s = groups();
        ViewQuery q = ViewQuery.prefix("a");
        assertEquals(List.of(2L, 3L), ns(s.query(BY_GROUP.name(), q.page(1, 2))));
        assertEquals(List.of(4L, 3L), ns(s.query(BY_GROUP.name(), q.descending(true).page(1, 2))));
        assertEquals(List.of(4L, 5L), ns(s.query(BY_GROUP.name(), q.page(3, 0))));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ns(s.query(BY_GROUP.name(), q.page(0, 100))));
        assertEquals(List.of(), s.query(BY_GROUP.name(), q.page(5, 2)));
    }

    @Test
    void deleteAllDeletesTheCurrentRevisionsAndSkipsTheRest() {
        DocumentStore s = groups();
        Document a1 = s.get("a1").orElseThrow();
        Document a2 = s.get("a2").orElseThrow();
        Document a3 = s.get("a3").orElseThrow();
        s.put("a2", a2.rev(), grouped("a", 22)); // changed since read: not deleted
        assertTrue(s.delete("a3", a3.rev()));    // gone since read: not counted
        assertEquals(1, s.deleteAll(List.of(a1, a2, a3)));
        assertTrue(s.get("a1").isEmpty());
        assertEquals(22L, s.get("a2").orElseThrow().body().get("n").asLong());
        assertEquals(List.of(4L, 5L, 22L), ns(s.query(BY_GROUP.name(), ViewQuery.prefix("a"))), "the view follows");
        assertEquals(0, s.deleteAll(List.of()));
    }

    @Test
    void laggingQueriesKeepTheirRangeAndCatchUp() throws InterruptedException {
        DocumentStore s = groups();
        ViewQuery fresh = ViewQuery.prefix("a").descending(true).page(0, 2);
        assertEquals(List.of(5L, 4L), ns(s.query(BY_GROUP.name(), fresh)));
        ViewQuery q = fresh.lagging();
        assertEquals(List.of(5L, 4L), ns(s.query(BY_GROUP.name(), q)), "the index was current before");
        assertEquals(5, s.count(BY_GROUP.name(), ViewQuery.prefix("a").lagging()));
        s.put("a6", null, grouped("a", 6));
        // a lagging answer may miss the write for a while, never longer than a few refreshes
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        List<Long> seen;
        do {
            seen = ns(s.query(BY_GROUP.name(), q));
        } while (!seen.equals(List.of(6L, 5L)) && System.nanoTime() < deadline && pause());
        assertEquals(List.of(6L, 5L), seen);
        assertEquals(6, s.count(BY_GROUP.name(), ViewQuery.prefix("a").lagging()));
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    @Test
    void countIgnoresSkipAndLimit() {
        DocumentStore s = groups();
        assertEquals(5, s.count(BY_GROUP.name(), ViewQuery.prefix("a").page(1, 2)));
        assertEquals(1, s.count(BY_GROUP.name(), ViewQuery.prefix("aa")));
        assertEquals(0, s.count(BY_GROUP.name(), ViewQuery.prefix("c")));
    }

    @Test
    void equalKeysAreOrderedByDocumentId() {
        DocumentStore s = store();
        s.put("m", null, grouped("a", 1));
        s.put("c", null, grouped("a", 1));
        s.put("x", null, grouped("a", 1));
        assertEquals(List.of("c", "m", "x"), ids(s.query(BY_GROUP.name(), ViewQuery.prefix("a"))));
    }

    @Test
    void updateMovesDocumentInView() {
        DocumentStore s = store();
        String rev = s.put("d", null, grouped("a", 1));
        s.put("d", rev, grouped("b", 7));
        assertEquals(List.of(), s.query(BY_GROUP.name(), ViewQuery.prefix("a")));
        List<ViewRow> rows = s.query(BY_GROUP.name(), ViewQuery.prefix("b"));
        assertEquals(1, rows.size());
        assertEquals(List.of("b", 7L), key(rows.get(0)));
        assertEquals(1, s.count(BY_GROUP.name(), new ViewQuery(List.of(), List.of(ViewKeys.MAX), false, 0, 0)));
    }

    @Test
    void updateThatStopsEmittingLeavesView() {
        DocumentStore s = store();
        String rev = s.put("d", null, grouped("a", 1));
        s.put("d", rev, doc("x", 1));
        assertEquals(0, s.count(BY_GROUP.name(), ViewQuery.prefix("a")));
    }

    @Test
    void deleteRemovesFromViews() {
        DocumentStore s = groups();
        String rev = s.get("a3").orElseThrow().rev();
        assertTrue(s.delete("a3", rev));
        assertEquals(List.of(1L, 2L, 4L, 5L), ns(s.query(BY_GROUP.name(), ViewQuery.prefix("a"))));
        assertEquals(4, s.count(BY_GROUP.name(), ViewQuery.prefix("a")));
    }

    @Test
    void documentEmittingSeveralKeysAppearsUnderEach() {
        DocumentStore s = newStore(uniqueName(), WhiskViews.SUBJECTS);
        ObjectNode subject = Json.object();
        subject.put("subject", "alice");
        ArrayNode namespaces = subject.putArray("namespaces");
        namespaces.addObject().put("name", "alice").put("uuid", "uuid-one").put("key", "k1");
        namespaces.addObject().put("name", "team").put("uuid", "uuid-two").put("key", "k2");
        s.put("alice", null, subject);
        for (String ns : List.of("alice", "team")) {
            List<ViewRow> rows = s.query(WhiskViews.IDENTITIES_BY_NAMESPACE, ViewQuery.prefix(ns));
            assertEquals(List.of("alice"), ids(rows), ns);
            assertEquals(List.of(ns), rows.get(0).key());
        }
        assertEquals(List.of("alice"), ids(s.query(WhiskViews.IDENTITIES_BY_UUID, ViewQuery.prefix("uuid-two"))));
        assertEquals(2, s.count(WhiskViews.IDENTITIES_BY_UUID, new ViewQuery(List.of(), List.of(ViewKeys.MAX), false, 0, 0)));

        // blocked subjects leave the authentication view but stay in the namespace view
        subject.put("blocked", true);
        s.put("alice", s.get("alice").orElseThrow().rev(), subject);
        assertEquals(0, s.count(WhiskViews.IDENTITIES_BY_UUID, new ViewQuery(List.of(), List.of(ViewKeys.MAX), false, 0, 0)));
        assertEquals(1, s.count(WhiskViews.IDENTITIES_BY_NAMESPACE, ViewQuery.prefix("team")));
    }

    // --- concurrency ---

    @Test
    void concurrentUpdatesFromTheSameRevisionHaveOneWinner() throws Exception {
        DocumentStore s = store();
        String rev = s.put("hot", null, grouped("a", 0));
        int threads = 8;
        List<Outcome> outcomes = race(threads, i -> s.put("hot", rev, grouped("a", i + 1)));
        List<Outcome> wins = outcomes.stream().filter(o -> o.rev != null).toList();
        assertEquals(1, wins.size(), outcomes.toString());
        assertEquals(threads - 1, outcomes.stream().filter(o -> o.error instanceof DocumentConflictException).count(),
                outcomes.toString());
        Document d = s.get("hot").orElseThrow();
        assertEquals(wins.get(0).rev, d.rev());
        assertEquals(wins.get(0).index + 1, d.body().get("n").asLong());
        // the view holds the winner only
        assertEquals(List.of((long) wins.get(0).index + 1), ns(s.query(BY_GROUP.name(), ViewQuery.prefix("a"))));
    }

    @Test
    void concurrentCreatesHaveOneWinner() throws Exception {
        DocumentStore s = store();
        List<Outcome> outcomes = race(8, i -> s.put("new", null, grouped("a", i)));
        assertEquals(1, outcomes.stream().filter(o -> o.rev != null).count(), outcomes.toString());
        assertEquals(7, outcomes.stream().filter(o -> o.error instanceof DocumentConflictException).count());
        assertEquals(1, s.count(BY_GROUP.name(), ViewQuery.prefix("a")));
    }

    @Test
    void concurrentWritersToDifferentDocumentsAllSucceed() throws Exception {
        DocumentStore s = store();
        List<Outcome> outcomes = race(8, i -> {
            String rev = s.put("w" + i, null, grouped("w", i));
            for (int k = 0; k < 20; k++) {
                rev = s.put("w" + i, rev, grouped("w", i));
            }
            return rev;
        });
        outcomes.forEach(o -> assertNotNull(o.rev, String.valueOf(o.error)));
        assertEquals(8, s.count(BY_GROUP.name(), ViewQuery.prefix("w")));
        Set<String> revs = new HashSet<>();
        outcomes.forEach(o -> revs.add(o.rev));
        assertEquals(8, revs.size());
    }

    private record Outcome(int index, String rev, Throwable error) {
    }

    private interface Attempt {
        String run(int index);
    }

    private static List<Outcome> race(int threads, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return new Outcome(index, attempt.run(index), null);
                    } catch (RuntimeException e) {
                        return new Outcome(index, null, e);
                    }
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
