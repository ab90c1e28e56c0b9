package dev.brisk.store.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.ViewDefinition;
import dev.brisk.core.store.ViewQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrent writers share commits, and each returns only once its own change is committed. */
class EmbeddedGroupCommitTest {
    private static final ViewDefinition BY_NAME = new ViewDefinition("by-name", d -> {
        if (d.path("boom").asBoolean()) {
            throw new IllegalStateException("the view function failed");
        }
        return List.of(List.of(d.path("name").asText()));
    }, "by name");

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteOfConcurrentWritersIsCommittedAndIndexed() throws Exception {
        int writers = 8;
        int each = 150;
        long versionBefore;
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (EmbeddedStores stores = EmbeddedStores.openEmpty(dir, false)) {
            DocumentStore db = stores.database("db", List.of(BY_NAME));
            versionBefore = stores.mvStore().getCurrentVersion();
            CountDownLatch start = new CountDownLatch(1);
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            String id = "w" + writer + "/" + i;
                            String rev = db.put(id, null, doc("n" + writer));
                            db.put(id, rev, doc("m" + writer)); // an update based on the write just acknowledged
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(null, failure.get());
            long commits = stores.mvStore().getCurrentVersion() - versionBefore;
            // at most one commit per write (plus compactions); fewer when writes overlapped
            assertTrue(commits <= 2L * writers * each + 2 * writers * each / EmbeddedStores.COMPACT_EVERY + 1,
                    "commits " + commits);
        }
        try (EmbeddedStores reopened = EmbeddedStores.openEmpty(dir, false)) {
            DocumentStore db = reopened.database("db", List.of(BY_NAME));
            for (int w = 0; w < writers; w++) {
                assertEquals(each, db.count("by-name", ViewQuery.prefix("m" + w)), "writer " + w);
                assertEquals(0, db.count("by-name", ViewQuery.prefix("n" + w)), "old index entries of writer " + w);
                assertTrue(db.get("w" + w + "/" + (each - 1)).orElseThrow().rev().startsWith("2-"));
            }
        }
    }

    @Test
    void aChangeWhoseViewFunctionFailsLeavesNothingAndFailsNoOtherWriter() {
        try (EmbeddedStores stores = EmbeddedStores.openEmpty(dir, false)) {
            DocumentStore db = stores.database("db", List.of(BY_NAME));
            String rev = db.put("a", null, doc("first"));
            ObjectNode bad = doc("second");
            bad.put("boom", true);
            assertThrows(StoreException.class, () -> db.put("a", rev, bad));
            assertEquals(rev, db.get("a").orElseThrow().rev(), "the document is as it was");
            assertEquals(1, db.count("by-name", ViewQuery.prefix("first")));
            db.put("b", null, doc("other")); // the store takes further writes
            assertEquals(1, db.count("by-name", ViewQuery.prefix("other")));
        }
    }

    private static ObjectNode doc(String name) {
        return Json.object().put("name", name);
    }
}
