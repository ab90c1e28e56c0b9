package dev.brisk.store.embedded;

import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewDefinition;
import dev.brisk.core.store.WhiskViews;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The three databases in one H2 MVStore file ({@value #FILE_NAME} in the data directory): per database a document
 * map and one sorted index map per view.
 * <p>
 * Durability and atomicity: MVStore's background auto-commit is off, so nothing reaches the file except through
 * {@link #write}, which applies one change (a document and all its index entries) under a single store-wide lock
 * and returns once a {@link MVStore#commit()} holding it is done. Changes applied while a commit runs are committed
 * together by the next one (a group commit: under concurrent writes, such as an invoker storing hundreds of
 * activation records a second, one chunk holds many changes instead of one each). A chunk is either fully valid on
 * reopen or ignored, so a crash never leaves half a write; once {@code put} returns, its chunk is in the OS page
 * cache and survives a JVM kill. A change is worked out first (conflict check, index entries), then applied with
 * map writes only; when applying or committing fails (the file), every change not yet committed is rolled back
 * and each of their writers gets the failure: none of them was told it succeeded.
 * <p>
 * Power loss / OS crash: only with {@code fsync=true}, which forces every commit to the device before {@code put}
 * returns. Dead chunks are reused at once (retention time 0): MVStore's default 45 s retention, meant for disks
 * that flush late, grew the file by ~5 KB per write (200 MB for 40k updates of one document) because every write
 * is a commit here. Readers register the version they read (as MVStore's TransactionStore does), so immediate
 * reuse never overwrites a chunk under a running scan.
 */
public final class EmbeddedStores implements Stores {
    public static final String FILE_NAME = "brisk.mv.db";
    /** Rewrite sparse chunks every so many writes; without the background thread nobody else does. */
    static final int COMPACT_EVERY = 1000;

    private final MVStore store;
    private final boolean fsync;
    // one lock for the whole file: commit() persists the pending changes of every map, so a change must be applied
    // whole (even to another database) before a commit may run, and no commit may run while one is being applied
    private final ReentrantLock writeLock = new ReentrantLock();
    // one committer at a time; the writers queued behind it find their change committed by it, or commit the
    // changes applied meanwhile together. Taken before writeLock, never while holding it.
    private final ReentrantLock commitLock = new ReentrantLock();
    /** Writers whose change is applied but not yet committed. Guarded by writeLock. */
    private final List<Pending> uncommitted = new java.util.ArrayList<>();
    private final Map<String, EmbeddedDocumentStore> databases = new ConcurrentHashMap<>();
    private int writesSinceCompact;

    private EmbeddedStores(MVStore store, boolean fsync) {
        this.store = store;
        this.fsync = fsync;
        store.setRetentionTime(0);
    }

    /** Opens (creating if needed) the store in {@code dir} with OpenWhisk's three databases and their views. */
    public static EmbeddedStores open(Path dir, boolean fsync) {
        EmbeddedStores stores = openEmpty(dir, fsync);
        try {
            stores.database("subjects", WhiskViews.SUBJECTS);
            stores.database("whisks", WhiskViews.WHISKS);
            stores.database("activations", WhiskViews.ACTIVATION_VIEWS);
            return stores;
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /** Opens the store file without opening any database; {@link #database} adds them (tests use this). */
    public static EmbeddedStores openEmpty(Path dir, boolean fsync) {
        try {
            Files.createDirectories(dir);
            MVStore store = new MVStore.Builder()
                    .fileName(dir.resolve(FILE_NAME).toString())
                    .autoCommitDisabled()      // no background thread committing half a write
                    .autoCommitBufferSize(0)   // no commit triggered by the amount of unsaved changes either
                    .open();
            return new EmbeddedStores(store, fsync);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot open embedded store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The database {@code name} with {@code views}, opened on first use. A view whose CouchDB map text differs
     * from the one its index was built with (or that is new) is re-indexed, as CouchDB does on a design change.
     */
    public DocumentStore database(String name, List<ViewDefinition> views) {
        return databases.computeIfAbsent(name, n -> new EmbeddedDocumentStore(this, n, views));
    }

    @Override
    public DocumentStore subjects() {
        return existing("subjects");
    }

    @Override
    public DocumentStore whisks() {
        return existing("whisks");
    }

    @Override
    public DocumentStore activations() {
        return existing("activations");
    }

    private DocumentStore existing(String name) {
        DocumentStore db = databases.get(name);
        if (db == null) {
            throw new IllegalStateException("database " + name + " is not open");
        }
        return db;
    }

    MVStore mvStore() {
        return store;
    }

    /** Runs a read on a registered MVStore version, so no chunk it may visit is reused meanwhile. */
    <T> T read(Supplier<T> reader) {
        if (store.isClosed()) {
            throw new StoreException("embedded store is closed");
        }
        MVStore.TxCounter version = store.registerVersionUsage();
        try {
            return reader.get();
        } catch (MVStoreException e) {
            throw new StoreException("embedded store read failed: " + e.getMessage(), e);
        } finally {
            store.deregisterVersionUsage(version);
        }
    }

    /**
     * A change worked out under the write lock: what the write returns, and the map writes that make it (they only
     * write: whatever may fail, a conflict or a view function, failed before).
     */
    record Change<T>(T result, Runnable apply) {
    }

    /** One writer's change until a commit holds it or it is rolled back. */
    private static final class Pending {
        volatile boolean committed;
        volatile RuntimeException lost;
    }

    /**
     * Works out a change ({@code prepare}, which may throw: nothing was written), applies it alone, and returns once
     * it is committed (with the changes applied meanwhile). A failure to apply or commit rolls back every
     * uncommitted change and is thrown to each of their writers.
     */
    <T> T write(Supplier<Change<T>> prepare) {
        Pending pending = new Pending();
        T result;
        writeLock.lock();
        try {
            ensureOpen();
            Change<T> change;
            try {
                change = prepare.get(); // nothing written yet: a failure needs no rollback
            } catch (StoreException | IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StoreException("embedded store write failed: " + e.getMessage(), e);
            }
            try {
                change.apply().run();
            } catch (RuntimeException e) {
                throw rollBack(e); // back to the last commit: no part of this change stays
            }
            result = change.result();
            uncommitted.add(pending);
        } finally {
            writeLock.unlock();
        }
        awaitCommit(pending);
        return result;
    }

    private void awaitCommit(Pending pending) {
        commitLock.lock();
        try {
            if (pending.committed) {
                return; // the commit before ours held it
            }
            writeLock.lock();
            try {
                if (pending.lost != null) {
                    throw pending.lost;
                }
                if (pending.committed) {
                    return;
                }
                try {
                    ensureOpen();
                    store.commit();
                    if (fsync) {
                        store.sync();
                    }
                } catch (RuntimeException e) {
                    throw rollBack(e);
                }
                writesSinceCompact += uncommitted.size();
                uncommitted.forEach(p -> p.committed = true);
                uncommitted.clear();
                if (writesSinceCompact >= COMPACT_EVERY) {
                    writesSinceCompact = 0;
                    compact();
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            commitLock.unlock();
        }
    }

    /** Rewrites sparse chunks; only committed data, so it cannot split a change. A failure is only logged. */
    private void compact() {
        try {
            store.compact(50, 16 << 20);
            store.commit();
        } catch (RuntimeException e) {
            System.getLogger(EmbeddedStores.class.getName()).log(System.Logger.Level.WARNING,
                    "embedded store compaction failed: " + e.getMessage());
        }
    }

    /**
     * Drops every uncommitted change (MVStore goes back to its last commit) and fails each of their writers with
     * what went wrong; the exception to throw. Under writeLock.
     */
    private StoreException rollBack(RuntimeException cause) {
        StoreException failure = cause instanceof StoreException se ? se
                : new StoreException("embedded store write failed: " + cause.getMessage(), cause);
        if (!store.isClosed()) {
            try {
                store.rollback();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        uncommitted.forEach(p -> p.lost = failure);
        uncommitted.clear();
        return failure;
    }

    private void ensureOpen() {
        if (store.isClosed()) {
            throw new StoreException("embedded store is closed");
        }
    }

    @Override
    public boolean isAvailable() {
        return !store.isClosed();
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (!store.isClosed()) {
                store.close(); // commits what is applied: the writers waiting for a commit have theirs
                uncommitted.forEach(p -> p.committed = true);
                uncommitted.clear();
            }
        } finally {
            writeLock.unlock();
        }
    }
}
