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
 * {@link #write}, which runs one change (a document and all its index entries) under a single store-wide lock and
 * then {@link MVStore#commit()}s it as one chunk. A chunk is either fully valid on reopen or ignored, so a crash
 * never leaves half a write; once {@code put} returns, the chunk is in the OS page cache and survives a JVM kill.
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
    private static final int COMPACT_EVERY = 1000;

    private final MVStore store;
    private final boolean fsync;
    // one lock for the whole file: commit() persists the pending changes of every map, so any concurrent writer
    // (even to another database) could otherwise have half of its change committed with ours
    private final ReentrantLock writeLock = new ReentrantLock();
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

    /** Runs {@code change} alone and commits it; on failure the uncommitted part is rolled back. */
    <T> T write(Supplier<T> change) {
        writeLock.lock();
        try {
            if (store.isClosed()) {
                throw new StoreException("embedded store is closed");
            }
            T result;
            try {
                result = change.get();
                store.commit();
                if (fsync) {
                    store.sync();
                }
            } catch (RuntimeException e) {
                if (!store.isClosed()) {
                    store.rollback(); // back to the last commit: drop whatever part of the change was applied
                }
                throw e instanceof StoreException || e instanceof IllegalArgumentException ? e
                        : new StoreException("embedded store write failed: " + e.getMessage(), e);
            }
            if (++writesSinceCompact >= COMPACT_EVERY) {
                writesSinceCompact = 0;
                store.compact(50, 16 << 20); // rewrites only committed data, so it cannot split a change
                store.commit();
            }
            return result;
        } finally {
            writeLock.unlock();
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
                store.close();
            }
        } finally {
            writeLock.unlock();
        }
    }
}
