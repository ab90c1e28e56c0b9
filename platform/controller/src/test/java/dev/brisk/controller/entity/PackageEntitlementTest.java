package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The READ entitlement on packages (PackageStore.readable), OpenWhisk's PackageCollection.checkPackageReadPermission:
 * another namespace's package is readable only when published and not a binding, and everything else there is one
 * 403 with one text, whether it exists or not.
 */
class PackageEntitlementTest {
    private static final String ME = "alice";
    private static final String OTHER = "bob";

    private final Map<String, Document> docs = new HashMap<>();

    private void pkg(String ns, String name, boolean publish, String bindingNs, String bindingName) {
        ObjectNode body = Json.object().put("namespace", ns).put("name", name).put("version", "0.0.1")
                .put("publish", publish).put("entityType", "package");
        body.putArray("annotations");
        body.putArray("parameters");
        ObjectNode binding = body.putObject("binding");
        if (bindingName != null) {
            binding.put("namespace", bindingNs).put("name", bindingName);
        }
        docs.put(ns + "/" + name, new Document(ns + "/" + name, "1-a", body));
    }

    private void action(String ns, String name) {
        docs.put(ns + "/" + name, new Document(ns + "/" + name, "1-a",
                Json.object().put("namespace", ns).put("name", name).put("entityType", "action")));
    }

    private PackageStore.Readable read(String ns, String name) {
        return PackageStore.readable(ME, ns, name, id -> Optional.ofNullable(docs.get(id)));
    }

    private static void assertStatus(int status, String message, Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    @Test
    void anotherNamespacesPrivateMissingBindingAndForeignNamesAreOneAndTheSame403() {
        pkg(OTHER, "private", false, null, null);
        pkg(OTHER, "shared", true, null, null);
        pkg(OTHER, "public-binding", true, OTHER, "shared");
        action(OTHER, "an-action");
        for (String name : new String[]{"private", "never-created", "public-binding", "an-action"}) {
            assertStatus(403, Messages.notAuthorizedOn(OTHER + "/" + name), () -> read(OTHER, name));
        }
    }

    @Test
    void anotherNamespacesPublishedPackageIsReadable() {
        pkg(OTHER, "shared", true, null, null);
        PackageStore.Readable r = read(OTHER, "shared");
        assertEquals("shared", r.pkg().name());
        assertEquals(r.pkg(), r.source());
    }

    @Test
    void ownMissingIs404AndOwnNameOfAnotherCollectionIs409() {
        action(ME, "an-action");
        pkg(ME, "private", false, null, null);
        assertEquals("private", read(ME, "private").pkg().name());
        assertStatus(404, Messages.RESOURCE_DOES_NOT_EXIST, () -> read(ME, "never-created"));
        assertStatus(409, Messages.WRONG_COLLECTION, () -> read(ME, "an-action"));
    }

    @Test
    void ownBindingLendsTheBoundPackageWhileItIsReadable() {
        pkg(OTHER, "shared", true, null, null);
        pkg(ME, "mine", false, OTHER, "shared");
        PackageStore.Readable r = read(ME, "mine");
        assertEquals("mine", r.pkg().name());
        assertEquals(OTHER + "/shared", r.source().docId());
    }

    @Test
    void ownBindingToAnotherNamespacesPackageThatIsPrivateOrGoneIs403NamingTheBinding() {
        pkg(OTHER, "was-shared", false, null, null);
        pkg(ME, "to-private", false, OTHER, "was-shared");
        pkg(ME, "to-gone", false, OTHER, "deleted");
        assertStatus(403, Messages.notAuthorizedOn(ME + "/to-private"), () -> read(ME, "to-private"));
        assertStatus(403, Messages.notAuthorizedOn(ME + "/to-gone"), () -> read(ME, "to-gone"));
    }

    @Test
    void ownBindingToOwnMissingPackageIs404() {
        pkg(ME, "dangling", false, ME, "deleted");
        assertStatus(404, Messages.RESOURCE_DOES_NOT_EXIST, () -> read(ME, "dangling"));
    }

    @Test
    void aBindingThatRefersToItselfIsRefused() {
        pkg(ME, "loop", false, ME, "loop");
        assertEquals(422, assertThrows(ApiException.class, () -> read(ME, "loop")).status());
    }
}
