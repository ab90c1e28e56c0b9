package dev.brisk.invoker;

import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The action documents this invoker ran lately, by id. The controller names the revision it resolved, so a cached
 * document is used only when it is exactly that revision; any other revision is read from the store. This saves a
 * store read on every warm activation, as OpenWhisk's invoker caches actions. Concurrent misses of one document share
 * one read: 50 clients starting on a new action made 50 reads beside the records being written, and on a slow store
 * the connection pool ran out and activations failed.
 */
final class ActionCache {
    private static final int MAX_ENTRIES = 2048;

    private final DocumentStore whisks;
    private final Map<String, CompletableFuture<Optional<Document>>> loading = new ConcurrentHashMap<>();
    private final Map<String, Document> byId = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Document> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    ActionCache(DocumentStore whisks) {
        this.whisks = whisks;
    }

    Optional<Document> get(String docId, String revision) {
        synchronized (byId) {
            Document cached = byId.get(docId);
            if (cached != null && revision != null && revision.equals(cached.rev())) {
                return Optional.of(cached);
            }
        }
        CompletableFuture<Optional<Document>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Document>> inFlight = loading.putIfAbsent(docId, mine);
        if (inFlight != null) {
            Optional<Document> shared = await(inFlight);
            boolean named = revision == null || shared.map(d -> revision.equals(d.rev())).orElse(false);
            // a read that began before this revision was written may have missed it: read again
            return named ? shared : load(docId);
        }
        try {
            Optional<Document> loaded = load(docId);
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(docId, mine);
        }
    }

    private Optional<Document> load(String docId) {
        Optional<Document> loaded = whisks.get(docId);
        synchronized (byId) {
            loaded.ifPresentOrElse(d -> byId.put(docId, d), () -> byId.remove(docId));
        }
        return loaded;
    }

    private static Optional<Document> await(CompletableFuture<Optional<Document>> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
