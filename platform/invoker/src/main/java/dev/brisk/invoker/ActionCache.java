package dev.brisk.invoker;

import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The action documents this invoker ran lately, by id. The controller names the revision it resolved, so a cached
 * document is used only when it is exactly that revision; any other revision is read from the store. This saves a
 * store read on every warm activation, as OpenWhisk's invoker caches actions.
 */
final class ActionCache {
    private static final int MAX_ENTRIES = 2048;

    private final DocumentStore whisks;
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
        Optional<Document> loaded = whisks.get(docId);
        synchronized (byId) {
            loaded.ifPresentOrElse(d -> byId.put(docId, d), () -> byId.remove(docId));
        }
        return loaded;
    }
}
