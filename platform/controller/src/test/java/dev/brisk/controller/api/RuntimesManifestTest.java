package dev.brisk.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.entity.EntityFixture;
import dev.brisk.core.entity.Exec;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.LimitBounds;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /}'s runtimes say what Brisk runs: each member of each kind is checked against what the platform does
 * with that kind (resolving {@code family:default}, requiring {@code main}, storing the code) and against the image
 * this repository builds for it, not against the manifest's own table.
 */
class RuntimesManifestTest {
    private static final Path ROOT = Path.of("../..");
    /** What each family's image is said to hold, in the first lines of its Dockerfile. */
    private static final Map<String, String> INTERPRETER = Map.of("nodejs", "Node.js ", "python", "Python ",
            "java", "Java runtime (");
    @TempDir
    Path dir;

    private static JsonNode deployment() {
        ApiInfoResource info = new ApiInfoResource(RuntimeManifest.standard(), LimitBounds.OPENWHISK, 50);
        return Json.parse((String) info.deployment().getEntity());
    }

    private static List<JsonNode> kinds() {
        List<JsonNode> all = new ArrayList<>();
        deployment().path("runtimes").properties().forEach(f -> f.getValue().forEach(all::add));
        assertEquals(3, all.size(), "nodejs, python and java: " + all);
        return all;
    }

    @Test
    void everyKindHasOpenWhisksMembers() {
        deployment().path("runtimes").properties().forEach(family -> family.getValue().forEach(k -> {
            assertEquals(List.of("kind", "image", "deprecated", "default", "attached", "requireMain"),
                    iterable(k.fieldNames()), k.toString());
            assertTrue(k.path("kind").asText().startsWith(family.getKey() + ":"), k.toString());
        }));
    }

    @Test
    void theImageIsTheOneThisRepositoryBuildsForTheKind() throws IOException {
        String buildImages = Files.readString(ROOT.resolve("ci/build-images"));
        for (JsonNode k : kinds()) {
            String kind = k.path("kind").asText();
            String family = kind.substring(0, kind.indexOf(':'));
            String version = kind.substring(kind.indexOf(':') + 1);
            assertEquals("brisk/action-" + family + ":" + version, k.path("image").asText(), kind);
            assertFalse(k.path("image").asText().startsWith("openwhisk/"), "OpenWhisk's images run other versions");
            // the image's Dockerfile installs the interpreter of the kind's version
            Path dockerfile = ROOT.resolve("platform/container-docker/images/" + family + "/Dockerfile");
            String header = Files.readString(dockerfile).lines().limit(3).reduce("", (a, b) -> a + b + "\n");
            assertTrue(header.startsWith("# brisk/action-" + family + ":"), dockerfile + ": " + header);
            assertTrue(header.contains(INTERPRETER.get(family) + version), dockerfile + " names "
                    + INTERPRETER.get(family) + version + ": " + header);
            // ci/build-images tags the image it builds with the kind's version, the name the manifest gives
            assertTrue(buildImages.contains("[" + family + "]=" + version),
                    "ci/build-images tags " + family + " as :" + version);
        }
    }

    @Test
    void defaultIsWhatFamilyDefaultResolvesTo() {
        RuntimeManifest manifest = RuntimeManifest.standard();
        for (JsonNode k : kinds()) {
            String kind = k.path("kind").asText();
            String family = kind.substring(0, kind.indexOf(':'));
            boolean resolved = manifest.resolve(family + ":default").map(r -> r.kind().equals(kind)).orElse(false);
            assertEquals(resolved, k.path("default").asBoolean(), kind);
        }
    }

    @Test
    void requireMainIsWhetherAnActionWithoutMainIsRefused() {
        for (JsonNode k : kinds()) {
            String kind = k.path("kind").asText();
            boolean refused;
            try {
                Exec.fromJson(Json.parse("{\"kind\":\"" + kind + "\",\"code\":\"x\"}"), RuntimeManifest.standard());
                refused = false;
            } catch (ApiException e) {
                assertTrue(e.getMessage().contains("'main' must be defined"), e.getMessage());
                refused = true;
            }
            assertEquals(refused, k.path("requireMain").asBoolean(), kind);
        }
    }

    @Test
    void attachedIsWhetherTheCodeIsStoredOutsideTheDocument() {
        Identity alice = new Identity("alice", "alice", "23bc46b1-71f6-4ed5-8c54-816aa4f8c502", "key");
        try (EntityFixture fixture = new EntityFixture(dir)) {
            for (JsonNode k : kinds()) {
                String kind = k.path("kind").asText();
                String name = "a-" + kind.replace(':', '-').replace('.', '-');
                fixture.actions.put(alice, "alice", name, "{\"exec\": {\"kind\": \"" + kind
                        + "\", \"code\": \"code of " + kind + "\", \"main\": \"Main\"}}", false);
                JsonNode doc = fixture.stores.whisks().get("alice/" + name).orElseThrow().body();
                boolean inline = ("code of " + kind).equals(doc.path("exec").path("code").asText())
                        && !doc.has("_attachments");
                assertEquals(!inline, k.path("attached").asBoolean(), kind + ": " + doc);
                assertFalse(k.path("deprecated").asBoolean(), kind);
            }
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
