package dev.brisk.controller.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.brisk.controller.entity.EntityFixture;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog in a real (embedded) whisks database: installed once, upgraded when unchanged, left when changed. */
class CatalogInstallerTest {
    private static final Identity SYSTEM = new Identity("whisk.system", "whisk.system", null, null);

    @TempDir
    Path dir;

    @Test
    void installsEveryPackageAndActionPublicWithItsAnnotations() {
        try (EntityFixture f = new EntityFixture(dir)) {
            Catalog catalog = Catalog.load();
            assertTrue(new CatalogInstaller(f.packages, f.actions, true).installAll(catalog));
            for (Catalog.Package p : catalog.packages()) {
                assertTrue(f.packages.get("whisk.system", p.name()).publish(), p.name() + " is not public");
                for (Catalog.Action a : p.actions()) {
                    WhiskAction stored = action(f, p.name() + "/" + a.name());
                    assertEquals(a.code(), stored.exec().code());
                    assertTrue(stored.annotations().get("description").isPresent(), a.name() + ": no description");
                    assertEquals(CatalogInstaller.Step.KEEP, step(f, p.name() + "/" + a.name(), catalog.version()),
                            a.name() + " is not marked as installed and unchanged");
                }
            }
            assertEquals(List.of("echo", "cat", "smash", "split", "sort", "head", "date", "namespace", "hosturl"),
                    catalog.packages().get(0).actions().stream().map(Catalog.Action::name).toList());
            assertEquals(List.of("helloWorld", "greeting", "wordCount", "curl"),
                    catalog.packages().get(1).actions().stream().map(Catalog.Action::name).toList());
        }
    }

    @Test
    void aSecondStartWritesNothing() {
        try (EntityFixture f = new EntityFixture(dir)) {
            Catalog catalog = Catalog.load();
            CatalogInstaller installer = new CatalogInstaller(f.packages, f.actions, true);
            installer.installAll(catalog);
            String echo = action(f, "utils/echo").version().toString();
            String utils = f.packages.get("whisk.system", "utils").version().toString();

            assertTrue(installer.installAll(catalog));
            assertEquals(echo, action(f, "utils/echo").version().toString());
            assertEquals(utils, f.packages.get("whisk.system", "utils").version().toString());
        }
    }

    @Test
    void aNewVersionUpgradesWhatIsUnchangedAndDropsTheAnnotationsItNoLongerHas() {
        try (EntityFixture f = new EntityFixture(dir)) {
            Catalog v1 = Catalog.load();
            CatalogInstaller installer = new CatalogInstaller(f.packages, f.actions, true);
            installer.installAll(v1);

            installer.installAll(withoutSampleOutputOfEcho(v1, "v-next"));
            WhiskAction echo = action(f, "utils/echo");
            assertEquals("v-next", mark(echo.annotations().toJson()).version());
            assertTrue(echo.annotations().get("sampleOutput").isEmpty(), "the dropped annotation is still there");
            assertTrue(echo.annotations().get("exec").isPresent(), "the store's own annotation was removed");
            assertEquals("v-next", mark(f.packages.get("whisk.system", "utils").toJson().path("annotations")).version());
            assertEquals(CatalogInstaller.Step.KEEP, step(f, "utils/echo", "v-next"));
        }
    }

    @Test
    void whatAnOperatorChangedIsKeptAcrossAnUpgrade() {
        try (EntityFixture f = new EntityFixture(dir)) {
            Catalog v1 = Catalog.load();
            CatalogInstaller installer = new CatalogInstaller(f.packages, f.actions, true);
            installer.installAll(v1);
            // the operator rewrites sort, binds a parameter to head, gives curl more time and unpublishes samples
            f.actions.put(SYSTEM, "whisk.system", "utils/sort", "{\"exec\": {\"kind\": \"nodejs:default\", "
                    + "\"code\": \"function main() { return {mine: true}; }\"}}", true);
            f.actions.put(SYSTEM, "whisk.system", "utils/head", "{\"parameters\": [{\"key\": \"num\", \"value\": 5}]}",
                    true);
            f.actions.put(SYSTEM, "whisk.system", "samples/curl", "{\"limits\": {\"timeout\": 120000}}", true);
            f.packages.put(SYSTEM, "whisk.system", "samples", "{\"publish\": false}", true);

            installer.installAll(new Catalog("v-next", v1.namespace(), v1.packages()));
            assertEquals("v-next", mark(action(f, "utils/echo").annotations().toJson()).version(),
                    "an unchanged action was not upgraded");
            assertTrue(action(f, "utils/sort").exec().code().contains("mine"), "the operator's code was overwritten");
            assertEquals(5, action(f, "utils/head").parameters().get("num").orElseThrow().asInt());
            assertEquals(120000, action(f, "samples/curl").limits().toJson().path("timeout").asInt());
            assertFalse(f.packages.get("whisk.system", "samples").publish(), "the operator's unpublish was undone");
            assertEquals(v1.version(), mark(action(f, "utils/head").annotations().toJson()).version());
        }
    }

    @Test
    void anEntityTheCatalogDidNotMakeIsLeftAlone() {
        try (EntityFixture f = new EntityFixture(dir)) {
            f.packages.put(SYSTEM, "whisk.system", "utils", "{\"publish\": false}", false);
            f.actions.put(SYSTEM, "whisk.system", "utils/echo", "{\"exec\": {\"kind\": \"nodejs:default\", "
                    + "\"code\": \"function main() { return {own: true}; }\"}}", false);

            assertTrue(new CatalogInstaller(f.packages, f.actions, true).installAll(Catalog.load()));
            assertFalse(f.packages.get("whisk.system", "utils").publish());
            assertTrue(action(f, "utils/echo").exec().code().contains("own"));
            assertTrue(action(f, "utils/sort").exec().code().contains("function main"), "the rest is installed");
        }
    }

    @Test
    void aWriteThatDidNotFinishIsDoneAgain() {
        try (EntityFixture f = new EntityFixture(dir)) {
            Catalog catalog = Catalog.load();
            // as a controller stopped between the two writes of echo leaves it: marked without a fingerprint
            f.packages.put(SYSTEM, "whisk.system", "utils", "{}", false);
            ArrayNode annotations = Json.array().add(new CatalogMark(catalog.version(), null).toAnnotation());
            f.actions.put(SYSTEM, "whisk.system", "utils/echo", "{\"exec\": {\"kind\": \"nodejs:default\", "
                    + "\"code\": \"function main() {}\"}, \"annotations\": " + Json.write(annotations) + "}", false);
            assertEquals(CatalogInstaller.Step.REWRITE, step(f, "utils/echo", catalog.version()));

            new CatalogInstaller(f.packages, f.actions, true).installAll(catalog);
            assertEquals(catalog.packages().get(0).actions().get(0).code(), action(f, "utils/echo").exec().code());
            assertEquals(CatalogInstaller.Step.KEEP, step(f, "utils/echo", catalog.version()));
        }
    }

    @Test
    void twoControllersStartingAtOnceInstallItOnce() throws Exception {
        try (EntityFixture f = new EntityFixture(dir)) {
            Catalog catalog = Catalog.load();
            List<Callable<Boolean>> starts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CatalogInstaller installer = new CatalogInstaller(f.packages, f.actions, true);
                starts.add(() -> installer.installAll(catalog));
            }
            try (var pool = Executors.newFixedThreadPool(2)) {
                for (Future<Boolean> done : pool.invokeAll(starts)) {
                    assertTrue(done.get());
                }
            }
            for (Catalog.Package p : catalog.packages()) {
                for (Catalog.Action a : p.actions()) {
                    String path = p.name() + "/" + a.name();
                    assertEquals(CatalogInstaller.Step.KEEP, step(f, path, catalog.version()), path + " not finished");
                }
            }
        }
    }

    @Test
    void turnedOffItInstallsNothing() {
        try (EntityFixture f = new EntityFixture(dir)) {
            new CatalogInstaller(f.packages, f.actions, false).start(new Object());
            ApiException missing = assertThrows(ApiException.class, () -> f.packages.get("whisk.system", "utils"));
            assertEquals(404, missing.status());
        }
    }

    private static WhiskAction action(EntityFixture f, String path) {
        return f.actions.read(SYSTEM, "whisk.system", path).action();
    }

    private static CatalogInstaller.Step step(EntityFixture f, String path, String version) {
        return CatalogInstaller.step(Optional.of(action(f, path).toJson(true)), version);
    }

    private static CatalogMark mark(JsonNode annotations) {
        return CatalogMark.in(annotations).orElseThrow(() -> new AssertionError("no mark in " + annotations));
    }

    private static Catalog withoutSampleOutputOfEcho(Catalog catalog, String version) {
        List<Catalog.Package> packages = new ArrayList<>();
        for (Catalog.Package p : catalog.packages()) {
            List<Catalog.Action> actions = new ArrayList<>();
            for (Catalog.Action a : p.actions()) {
                ArrayNode annotations = Json.array();
                a.annotations().forEach(kv -> {
                    if (!(a.name().equals("echo") && kv.path("key").asText().equals("sampleOutput"))) {
                        annotations.add(kv);
                    }
                });
                actions.add(new Catalog.Action(a.name(), a.kind(), a.code(), annotations));
            }
            packages.add(new Catalog.Package(p.name(), p.annotations(), actions));
        }
        return new Catalog(version, catalog.namespace(), packages);
    }
}
