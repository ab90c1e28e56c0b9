package dev.brisk.controller.auth;

import dev.brisk.controller.EmbeddedStores;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Stores;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication against a real (embedded) subjects database. */
class AuthenticatorTest {
    private static final String UUID = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502";
    private static final String KEY = "123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";

    @TempDir
    Path dir;
    private Stores stores;
    private Authenticator authenticator;

    @BeforeEach
    void setUp() {
        stores = EmbeddedStores.open(dir);
        ObjectNode subject = Json.object().put("subject", "alice");
        subject.putArray("namespaces").addObject().put("name", "alice-ns").put("uuid", UUID).put("key", KEY);
        stores.subjects().put("alice", null, subject);
        ObjectNode blocked = Json.object().put("subject", "mallory").put("blocked", true);
        blocked.putArray("namespaces").addObject().put("name", "mallory").put("uuid", "99bc46b1-71f6-4ed5-8c54-816aa4f8c502")
                .put("key", KEY);
        stores.subjects().put("mallory", null, blocked);
        authenticator = new Authenticator(new SubjectStore(stores));
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    @Test
    void theRightKeyGivesTheNamespaceIdentity() {
        Optional<Identity> id = authenticator.authenticate(UUID + ":" + KEY);
        assertTrue(id.isPresent());
        assertEquals("alice", id.get().subject());
        assertEquals("alice-ns", id.get().namespace());
        assertEquals(UUID + ":" + KEY, id.get().authKey());
    }

    @Test
    void aWrongKeyIsRejectedEvenWhenCached() {
        assertTrue(authenticator.authenticate(UUID + ":" + KEY).isPresent());
        assertTrue(authenticator.authenticate(UUID + ":" + KEY.replace('1', '2')).isEmpty());
    }

    @Test
    void malformedAndUnknownCredentialsAreRejected() {
        assertTrue(authenticator.authenticate("xxx").isEmpty());
        assertTrue(authenticator.authenticate(UUID).isEmpty());
        assertTrue(authenticator.authenticate("not-a-uuid:" + KEY).isEmpty());
        assertTrue(authenticator.authenticate("11111111-71f6-4ed5-8c54-816aa4f8c502:" + KEY).isEmpty());
    }

    @Test
    void aBlockedSubjectCannotAuthenticate() {
        assertTrue(authenticator.authenticate("99bc46b1-71f6-4ed5-8c54-816aa4f8c502:" + KEY).isEmpty());
    }

    @Test
    void onlyApiRoutesOtherThanTheInfoNeedAuthentication() {
        assertTrue(AuthFilter.needsAuth("/api/v1/namespaces"));
        assertTrue(AuthFilter.needsAuth("api/v1/namespaces/_/actions/x"));
        assertTrue(AuthFilter.needsAuth("/api/v1/nothing-here"));
        assertEquals(false, AuthFilter.needsAuth("/api/v1"));
        assertEquals(false, AuthFilter.needsAuth("/api/v1/"));
        assertEquals(false, AuthFilter.needsAuth("/"));
        assertEquals(false, AuthFilter.needsAuth("/health/ready"));
        assertEquals(false, AuthFilter.needsAuth("/api/v1/web/guest/default/hello.json"));
    }
}
