package dev.brisk.store.couchdb;

import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewDefinition;
import dev.brisk.core.store.WhiskViews;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * OpenWhisk's layout in CouchDB: {@code <prefix>subjects}, {@code <prefix>whisks} and {@code <prefix>activations},
 * each created when missing and given a design document per view of {@link WhiskViews} (installed at open; a changed
 * view is built in the background while lists read its previous index: {@link ViewDesigns}).
 * <p>
 * Failures: every operation that cannot reach CouchDB (refused, reset, timed out after {@code connect-timeout-ms} /
 * {@code socket-timeout-ms}) throws {@link StoreException}; the connection pool reconnects by itself once CouchDB
 * is back. {@link #open} itself needs CouchDB up (it creates the databases), and fails with StoreException if not.
 */
public final class CouchStores implements Stores {
    public static final String SUBJECTS = "subjects";
    public static final String WHISKS = "whisks";
    public static final String ACTIVATIONS = "activations";

    private final CouchHttp http;
    private final Map<String, CouchDocumentStore> databases = new ConcurrentHashMap<>();
    /** Builds changed views' indexes and retires superseded design documents; one thread is plenty. */
    private final ScheduledExecutorService viewUpgrades = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "brisk-couchdb-views");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private CouchStores(CouchSettings settings) {
        this.http = new CouchHttp(settings);
    }

    /** Connects and opens the three databases (creating them and their design documents when needed). */
    public static CouchStores open(CouchSettings settings) {
        CouchStores stores = connect(settings);
        try {
            String prefix = settings.dbPrefix();
            stores.database(prefix + SUBJECTS, WhiskViews.SUBJECTS);
            stores.database(prefix + WHISKS, WhiskViews.WHISKS);
            stores.database(prefix + ACTIVATIONS, WhiskViews.ACTIVATION_VIEWS);
            return stores;
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /** Connects without opening any database; {@link #database} opens them (tests use this). */
    public static CouchStores connect(CouchSettings settings) {
        return new CouchStores(settings);
    }

    public CouchSettings settings() {
        return http.settings();
    }

    /**
     * The database {@code name} (the full CouchDB name, no prefix added) with {@code views}: created if missing,
     * its design document installed or updated. Opened once per name; later calls return the same store.
     */
    public CouchDocumentStore database(String name, List<ViewDefinition> views) {
        if (closed) {
            throw new StoreException("CouchDB stores are closed");
        }
        CouchSettings s = settings();
        var upgrades = new CouchDocumentStore.ViewUpgrades(viewUpgrades, Duration.ofMillis(s.viewWaitAtOpenMs()),
                Duration.ofMillis(s.retireViewsAfterMs()));
        return databases.computeIfAbsent(name, n -> CouchDocumentStore.open(http, n, views, upgrades));
    }

    @Override
    public DocumentStore subjects() {
        return existing(settings().dbPrefix() + SUBJECTS);
    }

    @Override
    public DocumentStore whisks() {
        return existing(settings().dbPrefix() + WHISKS);
    }

    @Override
    public DocumentStore activations() {
        return existing(settings().dbPrefix() + ACTIVATIONS);
    }

    private DocumentStore existing(String name) {
        DocumentStore db = databases.get(name);
        if (db == null) {
            throw new IllegalStateException("database " + name + " is not open");
        }
        return db;
    }

    /** {@code GET /} answers 200; never throws. Bounded by the connect and socket timeouts. */
    @Override
    public boolean isAvailable() {
        if (closed) {
            return false;
        }
        try {
            return http.get(http.rootPath()).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Deletes database {@code name} (tests clean up with it); false when there was none. */
    public boolean deleteDatabase(String name) {
        CouchDocumentStore open = databases.remove(name);
        if (open != null) {
            open.close();
        }
        CouchHttp.Reply r = http.delete(http.dbPath(name));
        if (r.ok()) {
            return true;
        }
        if (r.status() == 404) {
            return false;
        }
        throw new StoreException("cannot delete database " + name + ": " + r);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            databases.values().forEach(CouchDocumentStore::close);
            viewUpgrades.shutdownNow();
            http.close();
        }
    }

    @Override
    public String toString() {
        return "CouchStores[" + settings().displayUrl() + ", " + databases.keySet() + "]";
    }
}
