package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.EmbeddedStores;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subjects and their limits in a real (embedded) subjects database, in OpenWhisk's document shapes. */
class SubjectStoreTest {
    private static final String UUID_A = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502";
    private static final String UUID_B = "99bc46b1-71f6-4ed5-8c54-816aa4f8c502";
    private static final String KEY = "123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";

    @TempDir
    Path dir;
    private Stores stores;
    private SubjectStore subjects;

    @BeforeEach
    void setUp() {
        stores = EmbeddedStores.open(dir);
        subjects = new SubjectStore(stores);
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    @Test
    void aNewSubjectIsWskadminsDocument() {
        subjects.create(Subject.create("alice", new Subject.Namespace("alice", UUID_A, KEY)));
        ObjectNode expected = Json.object().put("subject", "alice");
        expected.putArray("namespaces").addObject().put("name", "alice").put("uuid", UUID_A).put("key", KEY);
        assertEquals(expected, stores.subjects().get("alice").orElseThrow().body());
        assertThrows(DocumentConflictException.class,
                () -> subjects.create(Subject.create("alice", new Subject.Namespace("alice", UUID_B, KEY))));
    }

    @Test
    void subjectsAreFoundByNamespaceAndUuidButBlockedOnesHaveNoUuid() {
        Subject alice = subjects.create(Subject.create("alice", new Subject.Namespace("alice-ns", UUID_A, KEY)));
        subjects.create(Subject.create("mallory", new Subject.Namespace("mallory", UUID_B, KEY)).withBlocked(true));

        assertEquals(List.of(alice), subjects.holding("alice-ns"));
        assertEquals(List.of(), subjects.holding("alice"));
        assertEquals(Optional.of(new Identity("alice", "alice-ns", UUID_A, UUID_A + ":" + KEY)),
                subjects.withUuid(UUID_A).stream().findFirst().map(s -> s.identity(s.namespaceWithUuid(UUID_A).get())));
        assertTrue(subjects.holding("mallory").getFirst().blocked());
        assertEquals(List.of(), subjects.withUuid(UUID_B));
        assertEquals(List.of("alice", "mallory"), subjects.all().stream().map(Subject::subject).toList());
    }

    @Test
    void updatesNeedTheCurrentRevision() {
        Subject alice = subjects.create(Subject.create("alice", new Subject.Namespace("alice", UUID_A, KEY)));
        Subject blocked = subjects.update(alice.withBlocked(true));
        assertEquals(true, stores.subjects().get("alice").orElseThrow().body().path("blocked").asBoolean());
        assertThrows(DocumentConflictException.class, () -> subjects.update(alice.withBlocked(false)));
        subjects.update(blocked.withBlocked(false));
        assertTrue(stores.subjects().get("alice").orElseThrow().body().path("blocked").isMissingNode());
    }

    @Test
    void limitsAreTheirOwnDocument() {
        assertEquals(Optional.empty(), subjects.limits("alice"));
        subjects.putLimits("alice", new UserLimits(OptionalInt.of(5), OptionalInt.empty(), OptionalInt.of(0)));
        assertEquals(Json.object().put("invocationsPerMinute", 5).put("firesPerMinute", 0),
                stores.subjects().get("alice/limits").orElseThrow().body());
        subjects.putLimits("alice", new UserLimits(OptionalInt.empty(), OptionalInt.of(2), OptionalInt.empty()));
        assertEquals(Optional.of(new UserLimits(OptionalInt.empty(), OptionalInt.of(2), OptionalInt.empty())),
                subjects.limits("alice"));
        subjects.deleteLimits("alice");
        assertEquals(Optional.empty(), subjects.limits("alice"));
    }

    @Test
    void limitsThatAreNotIntegersLeaveTheDefault() {
        ObjectNode doc = Json.object().put("invocationsPerMinute", "5").put("concurrentInvocations", 1.5)
                .put("firesPerMinute", 7);
        assertEquals(new UserLimits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(7)),
                UserLimits.fromDocument(doc));
    }
}
