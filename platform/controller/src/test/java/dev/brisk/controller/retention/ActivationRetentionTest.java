package dev.brisk.controller.retention;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.EmbeddedStores;
import dev.brisk.controller.entity.Subject;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.entity.UserLimits;
import dev.brisk.controller.limits.NamespaceLimits;
import dev.brisk.cdi.metrics.MetricsRegistry;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import dev.brisk.core.store.WhiskViews;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention on a real (embedded) store: expired activations go in bounded batches while new ones keep arriving,
 * live ones and other namespaces' stay, a namespace's own setting wins over the system's, zero keeps everything.
 */
class ActivationRetentionTest {
    private static final long NOW = Instant.parse("2026-12-05T12:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;
    private static final int BATCH = 100;

    @TempDir
    Path dir;
    private Stores stores;
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        stores = recording(EmbeddedStores.open(dir));
        SubjectStore subjects = new SubjectStore(stores);
        for (String ns : List.of("alice", "bob", "carol")) {
            subjects.create(Subject.create(ns, new Subject.Namespace(ns, java.util.UUID.randomUUID().toString(),
                    "k".repeat(64))));
        }
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void expiredActivationsGoInBoundedBatchesUnderLoadAndLiveOnesStay() throws Exception {
        SubjectStore subjects = new SubjectStore(stores);
        subjects.putLimits("alice", new UserLimits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.of(3600))); // alice keeps an hour
        subjects.putLimits("carol", new UserLimits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.of(0)));    // carol keeps everything
        // the system keeps a day
        ActivationRetention retention = retention(subjects, Duration.ofDays(1));

        Set<String> aliceOld = write("alice", 1_050, NOW - 2 * HOUR);
        Set<String> aliceLive = write("alice", 30, NOW - HOUR / 2);
        Set<String> bobOld = write("bob", 250, NOW - 2 * 24 * HOUR);
        Set<String> bobLive = write("bob", 20, NOW - 2 * HOUR);
        Set<String> carolOld = write("carol", 40, NOW - 30 * 24 * HOUR);

        // live traffic meanwhile: alice's new activations keep arriving during the sweep
        AtomicBoolean sweeping = new AtomicBoolean(true);
        Set<String> arriving = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger n = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (sweeping.get()) {
                String id = "alice/live-" + n.incrementAndGet();
                stores.activations().put(id, null, activation("alice", NOW));
                arriving.add(id);
            }
        });
        long deleted;
        try {
            deleted = retention.sweep();
        } finally {
            sweeping.set(false);
            writer.join();
        }

        assertEquals(aliceOld.size() + bobOld.size(), deleted);
        assertTrue(batches.stream().allMatch(b -> b <= BATCH), "batches " + batches);
        assertTrue(batches.size() >= (aliceOld.size() + bobOld.size()) / BATCH, "batches " + batches);
        Set<String> left = ids("alice");
        assertTrue(left.stream().noneMatch(aliceOld::contains), "an expired activation of alice stayed");
        assertTrue(left.containsAll(aliceLive) && left.containsAll(arriving), "a live activation of alice went");
        assertEquals(bobLive, ids("bob"));
        assertEquals(carolOld, ids("carol"));
        assertTrue(arriving.size() > 0, "no live traffic during the sweep");
        System.out.printf("RETENTION %d deleted in %d batches (largest %d) while %d activations arrived%n", deleted,
                batches.size(), batches.stream().mapToInt(Integer::intValue).max().orElse(0), arriving.size());
        assertEquals(0, retention.sweep(), "a second sweep finds nothing more");
    }

    @Test
    void byDefaultNothingExpires() throws Exception {
        SubjectStore subjects = new SubjectStore(stores);
        Set<String> ancient = write("alice", 10, 1L);
        assertEquals(0, retention(subjects, Duration.ZERO).sweep());
        assertEquals(ancient, ids("alice"));
        assertEquals(List.of(), batches);
    }

    private ActivationRetention retention(SubjectStore subjects, Duration systemRetention) {
        NamespaceLimits limits = new NamespaceLimits(subjects, SystemLimits.OPENWHISK, systemRetention);
        return new ActivationRetention(stores, subjects, limits, new MetricsRegistry(),
                new ActivationRetention.Settings(Duration.ofMinutes(1), BATCH, Duration.ZERO),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    private Set<String> write(String ns, int count, long start) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String id = ns + "/" + start + "-" + i;
            stores.activations().put(id, null, activation(ns, start + i % 1000));
            ids.add(id);
        }
        return ids;
    }

    private static ObjectNode activation(String ns, long start) {
        return Json.object().put("namespace", ns).put("name", "a").put("activationId", Long.toHexString(start))
                .put("start", start);
    }

    private Set<String> ids(String ns) {
        Set<String> ids = new HashSet<>();
        for (ViewRow row : stores.activations().query(WhiskViews.ACTIVATIONS, ViewQuery.prefix(ns))) {
            ids.add(row.document().id());
        }
        return ids;
    }

    /** The real stores, with the size of every batch delete of activations noted. */
    private Stores recording(Stores real) {
        DocumentStore activations = real.activations();
        DocumentStore noting = new DocumentStore() {
            public String name() {
                return activations.name();
            }

            public Optional<Document> get(String id) {
                return activations.get(id);
            }

            public String put(String id, String rev, ObjectNode body) {
                return activations.put(id, rev, body);
            }

            public boolean delete(String id, String rev) {
                return activations.delete(id, rev);
            }

            public int deleteAll(List<Document> documents) {
                batches.add(documents.size());
                return activations.deleteAll(documents);
            }

            public List<ViewRow> query(String view, ViewQuery query) {
                return activations.query(view, query);
            }

            public long count(String view, ViewQuery query) {
                return activations.count(view, query);
            }
        };
        return new Stores() {
            public DocumentStore subjects() {
                return real.subjects();
            }

            public DocumentStore whisks() {
                return real.whisks();
            }

            public DocumentStore activations() {
                return noting;
            }

            public boolean isAvailable() {
                return real.isAvailable();
            }

            public void close() {
                real.close();
            }
        };
    }
}
