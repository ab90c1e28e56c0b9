package dev.brisk.store.couchdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.ViewDefinition;
import dev.brisk.core.store.ViewKeys;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One CouchDB database as a {@link DocumentStore}. Revisions are CouchDB's {@code _rev}; the bodies handed out and
 * taken in never carry {@code _id} or {@code _rev}. Each view of the database lives in a design document of its
 * own ({@link ViewDesigns}: its JavaScript map and the built-in {@code _count} reduce, which {@link #count} uses),
 * upgraded without an outage when its definition changes. Queries that may lag ({@link ViewQuery#mayLag()}) read
 * with {@code stale=update_after}, as OpenWhisk reads activation lists: the index as it is, brought up to date
 * after answering, so a list never waits for a large index to catch up.
 * <p>
 * Collation: CouchDB orders view keys with ICU (strings by the Unicode Collation Algorithm: case-insensitive
 * first, punctuation weighs less), not by code point as {@link ViewKeys} does (pouchdb-server, the stand-in in
 * tests, collates by code unit, like {@link ViewKeys}). Brisk's queries only need the two orders to agree on
 * equality: a prefix query asks for {@code [p..., ] .. [p..., {}]}, and every key that starts with exactly the
 * components {@code p...} lies inside that range in both orders, every other key outside. Only the order of rows
 * with different string components (e.g. {@code "B"} vs {@code "a"}) can differ from the embedded store.
 */
public final class CouchDocumentStore implements DocumentStore {
    private final CouchHttp http;
    private final String db;
    private final Map<String, ViewDefinition> views;
    private final ViewDesigns designs;

    private CouchDocumentStore(CouchHttp http, String db, List<ViewDefinition> views, ViewUpgrades upgrades) {
        this.http = http;
        this.db = db;
        Map<String, ViewDefinition> byName = new LinkedHashMap<>();
        views.forEach(v -> byName.put(v.name(), v));
        this.views = Collections.unmodifiableMap(byName);
        this.designs = new ViewDesigns(http, db, this.views, upgrades.background(), upgrades.retireAfter());
    }

    /**
     * Creates the database if missing and installs the design documents of its views; a changed view's index is
     * built in the background, waited for at most {@code upgrades.waitAtOpen()}.
     */
    static CouchDocumentStore open(CouchHttp http, String db, List<ViewDefinition> views, ViewUpgrades upgrades) {
        CouchDocumentStore store = new CouchDocumentStore(http, db, views, upgrades);
        store.createDatabase();
        store.designs.install(upgrades.waitAtOpen());
        return store;
    }

    /** How views are upgraded: the thread that builds changed indexes, and the delays of the switch. */
    record ViewUpgrades(java.util.concurrent.ScheduledExecutorService background, java.time.Duration waitAtOpen,
                        java.time.Duration retireAfter) {
    }

    @Override
    public String name() {
        return db;
    }

    public List<ViewDefinition> views() {
        return List.copyOf(views.values());
    }

    /** Where views are read from, and which are still being built (tests, the upgrade's logs). */
    ViewDesigns designs() {
        return designs;
    }

    void close() {
        designs.close();
    }

    // --- setup ---

    /**
     * Creates the database unless it exists. Asking first lets a user with rights on its own databases only (no
     * server admin: CouchDB answers their PUT with 401 "You are not a server admin.") open databases an operator made.
     */
    private void createDatabase() {
        CouchHttp.Reply exists = http.get(http.dbPath(db));
        if (exists.ok()) {
            return;
        }
        CouchHttp.Reply r = http.putEmpty(http.dbPath(db));
        // 201 created, 202 accepted (cluster quorum not met yet), 412 exists already (made meanwhile)
        if (r.ok() || r.status() == 412) {
            return;
        }
        if (r.status() == 401 || r.status() == 403) {
            throw failure("database " + db + " does not exist, and this user may not create it (a server admin must,"
                    + " or create it beforehand: docs/couchdb.md)", r);
        }
        throw failure("cannot create database", r);
    }

    // --- documents ---

    @Override
    public Optional<Document> get(String id) {
        CouchHttp.Reply r = http.get(http.docPath(db, requireId(id)));
        if (r.status() == 404 && !r.databaseMissing()) {
            return Optional.empty();
        }
        if (!r.ok() || !r.body().isObject()) {
            throw failure("cannot read " + id, r);
        }
        ObjectNode doc = (ObjectNode) r.body();
        return Optional.of(new Document(id, doc.path("_rev").asText(), strip(doc)));
    }

    @Override
    public String put(String id, String rev, ObjectNode body) {
        Objects.requireNonNull(body, "body");
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        if (rev != null) {
            doc.put("_rev", rev);
        }
        body.properties().forEach(e -> {
            if (!e.getKey().equals("_id") && !e.getKey().equals("_rev")) {
                doc.set(e.getKey(), e.getValue());
            }
        });
        CouchHttp.Reply r = http.put(http.docPath(db, requireId(id)), doc);
        if (r.ok()) {
            String newRev = r.body().path("rev").asText(null);
            if (newRev == null) {
                throw failure("no revision in the answer to writing " + id, r);
            }
            return newRev;
        }
        // 409: exists (create) or not the current revision (update, also of a missing or deleted document);
        // 400 "Invalid rev format": a revision that cannot be current either
        if (r.status() == 409 || isInvalidRev(r)) {
            throw new DocumentConflictException(id);
        }
        // CouchDB: 400 doc_validation / bad_request, 413 too large; pouchdb-server answers doc_validation with 500
        if (r.status() == 400 || r.status() == 413 || r.error().equals("doc_validation")) {
            throw new IllegalArgumentException("CouchDB refused document " + id + ": " + r.error() + ": " + r.reason());
        }
        throw failure("cannot write " + id, r);
    }

    @Override
    public boolean delete(String id, String rev) {
        Objects.requireNonNull(rev, "rev");
        CouchHttp.Reply r = http.delete(http.docPath(db, requireId(id)) + "?rev=" + CouchHttp.encode(rev));
        if (r.ok()) {
            return true;
        }
        if (r.status() == 404 && !r.databaseMissing()) {
            return false;
        }
        if (r.status() == 409 || isInvalidRev(r)) {
            // CouchDB answers 409 for a stale revision, but also for any revision of a document deleted already
            // (its current revision is the tombstone): the contract says the latter is "no such document"
            if (get(id).isEmpty()) {
                return false;
            }
            throw new DocumentConflictException(id);
        }
        throw failure("cannot delete " + id, r);
    }

    /** One {@code _bulk_docs} request of deletions; CouchDB answers each document's outcome (a conflict is skipped). */
    @Override
    public int deleteAll(List<Document> documents) {
        if (documents.isEmpty()) {
            return 0;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode docs = body.putArray("docs");
        documents.forEach(d -> docs.addObject().put("_id", requireId(d.id())).put("_rev", d.rev()).put("_deleted", true));
        CouchHttp.Reply r = http.post(http.dbPath(db) + "/_bulk_docs", body);
        if (!r.ok() || !r.body().isArray()) {
            throw failure("cannot delete " + documents.size() + " documents", r);
        }
        int deleted = 0;
        for (JsonNode outcome : r.body()) {
            deleted += outcome.has("rev") && !outcome.has("error") ? 1 : 0;
        }
        return deleted;
    }

    // --- views ---

    @Override
    public List<ViewRow> query(String view, ViewQuery query) {
        requireView(view);
        if (emptyRange(query)) {
            return List.of();
        }
        CouchHttp.Reply r = viewRequest(view, query, false);
        if (!r.ok()) {
            throw failure("cannot query view " + view, r);
        }
        List<ViewRow> rows = new ArrayList<>();
        for (JsonNode row : r.body().path("rows")) {
            JsonNode doc = row.get("doc");
            if (doc == null || !doc.isObject()) {
                continue; // deleted between indexing and reading
            }
            String id = row.path("id").asText();
            rows.add(new ViewRow(decodeKey(row.path("key")),
                    new Document(id, doc.path("_rev").asText(), strip((ObjectNode) doc))));
        }
        return Collections.unmodifiableList(rows);
    }

    @Override
    public long count(String view, ViewQuery query) {
        requireView(view);
        if (emptyRange(query)) {
            return 0;
        }
        CouchHttp.Reply r = viewRequest(view, query, true);
        if (!r.ok()) {
            throw failure("cannot count view " + view, r);
        }
        JsonNode rows = r.body().path("rows");
        // one row {key: null, value: N}; no row at all when the range is empty
        return rows.isEmpty() ? 0 : rows.get(0).path("value").asLong();
    }

    /**
     * Reads the view from the design document it is read from now; when that is gone (retired by another process
     * once the view's new index was built), reads the view's own design document instead.
     */
    private CouchHttp.Reply viewRequest(String view, ViewQuery query, boolean reduce) {
        for (int attempt = 1; ; attempt++) {
            org.ektorp.ViewQuery q = range(view, query).reduce(reduce);
            if (!reduce) {
                q.includeDocs(true);
                if (query.skip() > 0) {
                    q.skip(query.skip());
                }
                if (query.limit() > 0) {
                    q.limit(query.limit());
                }
            }
            CouchHttp.Reply r = http.get(q.buildQuery());
            if (r.status() == 404 && !r.databaseMissing() && attempt == 1 && designs.retiredUnderneath(view)) {
                continue;
            }
            return r;
        }
    }

    /** startkey/endkey (swapped when descending, as CouchDB walks from startkey), both ends inclusive. */
    private org.ektorp.ViewQuery range(String view, ViewQuery query) {
        List<Object> from = query.descending() ? query.high() : query.low();
        List<Object> to = query.descending() ? query.low() : query.high();
        org.ektorp.ViewQuery q = new org.ektorp.ViewQuery(CouchHttp.MAPPER)
                .dbPath(http.dbPath(db))
                .designDocId(designs.designOf(view))
                .viewName(view)
                .descending(query.descending())
                .queryParam("inclusive_end", "true");
        if (query.mayLag()) {
            q.queryParam("stale", "update_after");
        }
        if (from != null) {
            q.rawStartKey(encodeKey(from).toString());
        }
        if (to != null) {
            q.rawEndKey(encodeKey(to).toString());
        }
        return q;
    }

    /**
     * CouchDB refuses a range whose start sorts after its end (400 query_parse_error); the contract wants no rows.
     * Compared in {@link ViewKeys} order, which agrees with CouchDB's on everything but the order of differing
     * strings (see the class comment).
     */
    private static boolean emptyRange(ViewQuery query) {
        if (query.low() == null || query.high() == null) {
            return false;
        }
        try {
            return ViewKeys.compare(query.low(), query.high()) > 0;
        } catch (IllegalArgumentException e) {
            return false; // an element ViewKeys does not know: let CouchDB decide
        }
    }

    static ArrayNode encodeKey(List<Object> key) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Object e : key) {
            if (e == ViewKeys.MAX) {
                array.addObject(); // {} sorts after every number, string and array
            } else if (e instanceof String s) {
                array.add(s);
            } else if (e instanceof Long || e instanceof Integer || e instanceof Short || e instanceof Byte) {
                array.add(((Number) e).longValue());
            } else if (e instanceof BigInteger b) {
                array.add(b);
            } else if (e instanceof BigDecimal d) {
                array.add(d);
            } else if (e instanceof Number n) {
                array.add(n.doubleValue());
            } else if (e instanceof Boolean b) {
                array.add(b);
            } else if (e == null) {
                array.addNull();
            } else {
                throw new IllegalArgumentException("view key elements are strings or numbers, got " + e);
            }
        }
        return array;
    }

    static List<Object> decodeKey(JsonNode key) {
        List<Object> out = new ArrayList<>();
        if (!key.isArray()) {
            out.add(decodeElement(key));
        } else {
            key.forEach(e -> out.add(decodeElement(e)));
        }
        return Collections.unmodifiableList(out);
    }

    private static Object decodeElement(JsonNode e) {
        if (e.isIntegralNumber() && e.canConvertToLong()) {
            return e.longValue();
        }
        if (e.isNumber()) {
            return e.doubleValue();
        }
        if (e.isTextual()) {
            return e.textValue();
        }
        if (e.isBoolean()) {
            return e.booleanValue();
        }
        if (e.isObject()) {
            return ViewKeys.MAX;
        }
        return e.isNull() || e.isMissingNode() ? null : e;
    }

    // --- helpers ---

    private static ObjectNode strip(ObjectNode doc) {
        doc.remove("_id");
        doc.remove("_rev");
        return doc;
    }

    private static boolean isInvalidRev(CouchHttp.Reply r) {
        return r.status() == 400 && r.reason().toLowerCase().contains("rev");
    }

    private static String requireId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("document id is empty");
        }
        return id;
    }

    private void requireView(String view) {
        if (!views.containsKey(view)) {
            throw new IllegalArgumentException("database " + db + " has no view " + view + " (has " + views.keySet() + ")");
        }
    }

    private StoreException failure(String what, CouchHttp.Reply r) {
        return new StoreException("CouchDB " + http.settings().displayUrl() + ", database " + db + ": " + what
                + ": " + r);
    }
}
