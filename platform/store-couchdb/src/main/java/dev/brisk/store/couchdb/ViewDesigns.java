package dev.brisk.store.couchdb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.ViewDefinition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The design documents of one database: one per view, named by a digest of the view's definition
 * ({@code _design/brisk-<view>-<digest>}), so changing one view rebuilds that view's index alone, and a new version
 * of a view never replaces the one being read.
 * <p>
 * Upgrades without an outage: when a view's design document is new but an older one holds the same view (an earlier
 * digest, or the single {@value #LEGACY} document of Brisk versions before this one), queries keep reading the older
 * index while the new one is built in the background; they switch once it is built. The older design document is
 * deleted {@code retireAfter} later (processes of the previous version still read it during a rolling upgrade),
 * and {@code _view_cleanup} frees its index files. A fresh database, or a view without a predecessor, is read from its
 * new design document at once (its index builds on the first query, as CouchDB's always do).
 * <p>
 * A changed view must keep its key shape: while it builds, queries meant for it are answered from its predecessor.
 * A view whose keys change meaning gets a new name instead.
 */
final class ViewDesigns {
    /** The one design document of every view, as Brisk versions before per-view documents wrote it. */
    static final String LEGACY = "_design/brisk";
    private static final String PREFIX = "_design/brisk-";
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{16}");
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(ViewDesigns.class.getName());

    private final CouchHttp http;
    private final String db;
    private final Map<String, ViewDefinition> views;
    private final ScheduledExecutorService background;
    private final Duration retireAfter;
    /** The design document each view is read from now. */
    private final Map<String, String> active = new ConcurrentHashMap<>();
    /** Views whose new index is being built, with the build that switches them. */
    private final Map<String, CompletableFuture<Void>> builds = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ViewDesigns(CouchHttp http, String db, Map<String, ViewDefinition> views, ScheduledExecutorService background,
                Duration retireAfter) {
        this.http = http;
        this.db = db;
        this.views = views;
        this.background = background;
        this.retireAfter = retireAfter;
    }

    /** {@code _design/brisk-<view>-<first 16 hex digits of SHA-256 over the design document>}. */
    static String designId(ViewDefinition view) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(CouchHttp.MAPPER.writeValueAsBytes(designDocument(view)));
            return PREFIX + view.name() + "-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {language, views: {<view>: {map, reduce: _count}}}}; the count queries use the reduce. */
    static ObjectNode designDocument(ViewDefinition view) {
        ObjectNode design = JsonNodeFactory.instance.objectNode();
        design.put("language", "javascript");
        design.putObject("views").putObject(view.name()).put("map", view.couchMap()).put("reduce", "_count");
        return design;
    }

    /**
     * Installs the missing design documents and decides where each view is read from; a view with a predecessor
     * starts its build and waits for it at most {@code waitForBuild} (a small database switches before this returns).
     */
    void install(Duration waitForBuild) {
        List<String> existing = designIds();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (ViewDefinition view : views.values()) {
            String wanted = designId(view);
            if (!existing.contains(wanted)) {
                putDesign(wanted, view);
            }
            List<String> older = predecessors(view, existing);
            if (older.isEmpty()) {
                active.put(view.name(), wanted);
                continue;
            }
            // read the newest-looking predecessor until the new index is built: a per-view one before the legacy one
            active.put(view.name(), older.get(0));
            CompletableFuture<Void> build = CompletableFuture.runAsync(() -> build(view, wanted), background)
                    .thenRun(() -> switchTo(view, wanted, older));
            builds.put(view.name(), build);
            build.whenComplete((ok, e) -> builds.remove(view.name(), build));
            started.add(build);
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                    .get(waitForBuild.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.INFO, "database {0}: building the indexes of changed views {1} in the"
                    + " background; lists read the previous ones until then", db, builds.keySet());
        } catch (ExecutionException e) {
            throw new StoreException("database " + db + ": cannot build changed views: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The design document {@code view} is read from now. */
    String designOf(String view) {
        return active.get(view);
    }

    /**
     * The design document a view was read from is gone (another process retired it after the new index was built):
     * read the view's own design document from now on. False when it already was.
     */
    boolean retiredUnderneath(String view) {
        String wanted = designId(views.get(view));
        return !wanted.equals(active.put(view, wanted));
    }

    /** Views still being built (tests and logs). */
    List<String> building() {
        return List.copyOf(builds.keySet());
    }

    /** Waits until every background build has switched its view (tests). */
    void awaitBuilt(Duration timeout) throws Exception {
        CompletableFuture.allOf(builds.values().toArray(CompletableFuture[]::new))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void close() {
        closed = true;
    }

    /** Queries the new view until CouchDB answers, i.e. until its index is built; timeouts are retried. */
    private void build(ViewDefinition view, String wanted) {
        long started = System.nanoTime();
        String path = http.docPath(db, wanted) + "/_view/" + CouchHttp.encode(view.name()) + "?limit=0&reduce=false";
        while (!closed) {
            try {
                CouchHttp.Reply r = http.get(path);
                if (r.ok()) {
                    LOG.log(System.Logger.Level.INFO, "database {0}: view {1} built in {2} ms", db, view.name(),
                            (System.nanoTime() - started) / 1_000_000);
                    return;
                }
                if (r.status() == 404 && !r.databaseMissing()) {
                    putDesign(wanted, view); // deleted by hand meanwhile
                } else {
                    LOG.log(System.Logger.Level.WARNING, "database {0}: building view {1}: {2}", db, view.name(), r);
                    sleep();
                }
            } catch (StoreException e) {
                // a socket timeout on a long build: CouchDB goes on building, ask again
                LOG.log(System.Logger.Level.DEBUG, "database {0}: still building view {1}: {2}", db, view.name(),
                        e.getMessage());
                sleep();
            }
        }
        throw new StoreException("database " + db + ": closed while building view " + view.name());
    }

    private void switchTo(ViewDefinition view, String wanted, List<String> older) {
        active.put(view.name(), wanted);
        LOG.log(System.Logger.Level.INFO, "database {0}: view {1} now read from {2}", db, view.name(), wanted);
        background.schedule(() -> retire(older), retireAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes superseded design documents no view of this process still reads, then frees their index files. */
    private void retire(List<String> older) {
        if (closed) {
            return;
        }
        boolean deleted = false;
        for (String id : older) {
            if (active.containsValue(id)) {
                continue; // the legacy document still serves a view whose build has not finished
            }
            try {
                CouchHttp.Reply current = http.get(http.docPath(db, id));
                if (current.ok()) {
                    String rev = current.body().path("_rev").asText();
                    CouchHttp.Reply r = http.delete(http.docPath(db, id) + "?rev=" + CouchHttp.encode(rev));
                    deleted |= r.ok();
                    if (!r.ok() && r.status() != 404 && r.status() != 409) {
                        LOG.log(System.Logger.Level.WARNING, "database {0}: cannot retire {1}: {2}", db, id, r);
                    }
                }
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.WARNING, "database {0}: cannot retire {1}: {2}", db, id, e.getMessage());
            }
        }
        if (deleted) {
            try {
                http.post(http.dbPath(db) + "/_view_cleanup", JsonNodeFactory.instance.objectNode());
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.DEBUG, "database {0}: _view_cleanup: {1}", db, e.getMessage());
            }
        }
    }

    /** The design documents of the database, by id. */
    private List<String> designIds() {
        String range = "?startkey=" + CouchHttp.encode("\"_design/\"") + "&endkey=" + CouchHttp.encode("\"_design0\"");
        CouchHttp.Reply r = http.get(http.dbPath(db) + "/_all_docs" + range);
        if (!r.ok()) {
            throw new StoreException("database " + db + ": cannot list design documents: " + r);
        }
        List<String> ids = new ArrayList<>();
        r.body().path("rows").forEach(row -> ids.add(row.path("id").asText()));
        return ids;
    }

    /** Older design documents holding this view: earlier digests first, then the legacy document. */
    private List<String> predecessors(ViewDefinition view, List<String> existing) {
        String wanted = designId(view);
        String own = PREFIX + view.name() + "-";
        List<String> older = new ArrayList<>();
        for (String id : existing) {
            if (!id.equals(wanted) && id.startsWith(own) && DIGEST.matcher(id.substring(own.length())).matches()) {
                older.add(id);
            }
        }
        if (existing.contains(LEGACY)) {
            CouchHttp.Reply legacy = http.get(http.docPath(db, LEGACY));
            if (legacy.ok() && legacy.body().path("views").has(view.name())) {
                older.add(LEGACY);
            }
        }
        return older;
    }

    /** Writes a design document; a 409 means another process wrote the same one (its id is its content). */
    private void putDesign(String id, ViewDefinition view) {
        CouchHttp.Reply r = http.put(http.docPath(db, id), designDocument(view));
        if (!r.ok() && r.status() != 409) {
            throw new StoreException("CouchDB " + http.settings().displayUrl() + ", database " + db
                    + ": cannot write design document " + id + ": " + r);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
