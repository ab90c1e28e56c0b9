package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.store.embedded.EmbeddedStores;
import dev.brisk.core.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ApiStore over the embedded store (it uses only DocumentStore, whose contract CouchDB passes too). */
class ApiStoreTest {
    @TempDir
    Path dir;

    private static ObjectNode api(String basePath) {
        return Json.object().put("basePath", basePath);
    }

    @Test
    void apisAreKeptPerNamespaceAndTheLastOneRemovedDeletesTheDocument() {
        try (Stores stores = EmbeddedStores.open(dir, false)) {
            ApiStore store = new ApiStore(stores);
            store.update("alice", "/a", old -> api("/a"));
            store.update("alice", "/b", old -> api("/b"));
            store.update("bob", "/a", old -> api("/a").put("owner", "bob"));
            assertEquals(List.of("/a", "/b"), List.copyOf(store.apis("alice").keySet()));
            assertTrue(store.apis("bob").get("/a").path("owner").asText().equals("bob"));
            assertTrue(store.apis("carol").isEmpty());
            store.update("alice", "/a", old -> old.put("changed", true));
            assertTrue(store.apis("alice").get("/a").path("changed").asBoolean());
            store.update("alice", "/a", old -> null);
            store.update("alice", "/b", old -> null);
            assertTrue(store.apis("alice").isEmpty());
            assertTrue(stores.whisks().get("apigw:alice").isEmpty());
            assertEquals(1, store.apis("bob").size());
        }
    }

    @Test
    void aFailedChangeKeepsWhatWasStored() {
        try (Stores stores = EmbeddedStores.open(dir, false)) {
            ApiStore store = new ApiStore(stores);
            store.update("alice", "/a", old -> api("/a"));
            try {
                store.update("alice", "/a", old -> {
                    throw new IllegalArgumentException("bad input");
                });
            } catch (IllegalArgumentException expected) {
                // the store must be unchanged
            }
            assertEquals("/a", store.apis("alice").get("/a").path("basePath").asText());
        }
    }
}
