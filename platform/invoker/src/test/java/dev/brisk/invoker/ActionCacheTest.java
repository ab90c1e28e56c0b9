package dev.brisk.invoker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The invoker's action cache, over an in-memory store that counts reads (a stand-in for this class's test only). */
class ActionCacheTest {
    static class CountingStore implements DocumentStore {
        final Map<String, Document> docs = new HashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public String name() {
            return "whisks";
        }

        @Override
        public Optional<Document> get(String id) {
            reads.incrementAndGet();
            return Optional.ofNullable(docs.get(id));
        }

        @Override
        public String put(String id, String rev, ObjectNode body) {
            String next = (docs.containsKey(id) ? docs.get(id).rev() + "x" : "1-a");
            docs.put(id, new Document(id, next, body));
            return next;
        }

        @Override
        public boolean delete(String id, String rev) {
            return docs.remove(id) != null;
        }

        @Override
        public List<ViewRow> query(String view, ViewQuery query) {
            return List.of();
        }

        @Override
        public long count(String view, ViewQuery query) {
            return 0;
        }
    }

    @Test
    void theNamedRevisionIsServedFromTheCacheAndANewOneIsRead() {
        CountingStore store = new CountingStore();
        String rev1 = store.put("ns/a", null, Json.object().put("v", 1));
        ActionCache cache = new ActionCache(store);
        assertEquals(1, cache.get("ns/a", rev1).orElseThrow().body().path("v").asInt());
        assertEquals(1, cache.get("ns/a", rev1).orElseThrow().body().path("v").asInt());
        assertEquals(1, store.reads.get(), "the second activation of the same revision reads nothing");
        String rev2 = store.put("ns/a", rev1, Json.object().put("v", 2));
        assertEquals(2, cache.get("ns/a", rev2).orElseThrow().body().path("v").asInt());
        assertEquals(2, store.reads.get(), "an updated action is read again");
    }

    @Test
    void aDeletedActionIsNotServedFromTheCache() {
        CountingStore store = new CountingStore();
        String rev = store.put("ns/a", null, Json.object());
        ActionCache cache = new ActionCache(store);
        cache.get("ns/a", rev);
        store.delete("ns/a", rev);
        assertEquals(Optional.empty(), cache.get("ns/a", "2-b"));
    }

    @Test
    void concurrentMissesOfOneActionShareOneRead() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CountingStore store = new CountingStore() {
            @Override
            public Optional<Document> get(String id) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return super.get(id);
            }
        };
        String rev = store.put("ns/a", null, Json.object().put("v", 1));
        ActionCache cache = new ActionCache(store);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Optional<Document>>> gets = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                gets.add(pool.submit(() -> cache.get("ns/a", rev)));
            }
            Thread.sleep(200); // all 20 are waiting on the one read
            release.countDown();
            for (var g : gets) {
                assertEquals(1, g.get().orElseThrow().body().path("v").asInt());
            }
        }
        assertEquals(1, store.reads.get(), "one read for 20 concurrent first activations");
    }
}
