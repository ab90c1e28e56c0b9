package dev.brisk.controller.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.entity.EntityFixture;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog in a real (embedded) whisks database: installed once, upgraded when ours, left alone when changed. */
class CatalogInstallerTest {
    private static final Identity SYSTEM = new Identity("whisk.system", "whisk.system", null, null);

    @TempDir
    Path dir;

    @Test
    void installsEveryPackageAndActionPublicOnce() {
        try (EntityFixture f = new EntityFixture(dir)) {
            Catalog catalog = Catalog.load();
            CatalogInstaller installer = new CatalogInstaller(f.packages, f.actions, true);
            assertTrue(installer.installAll(catalog));
            assertTrue(f.packages.get("whisk.system", "utils").publish());
            assertTrue(f.packages.get("whisk.system", "samples").publish());
            WhiskAction echo = f.actions.read(SYSTEM, "whisk.system", "utils/echo").action();
            assertTrue(echo.exec().code().contains("function main"));
            assertEquals("Returns the input", echo.annotations().get("description").orElseThrow().asText());
            long updated = echo.updated();
            int total = catalog.packages().stream().mapToInt(p -> p.actions().size()).sum();
            assertTrue(total >= 13, "actions in the catalog: " + total);

            assertTrue(installer.installAll(catalog)); // a second start writes nothing
            assertEquals(updated, f.actions.read(SYSTEM, "whisk.system", "utils/echo").action().updated());
        }
    }

    @Test
    void aNewVersionUpgradesWhatIsUnchangedAndLeavesWhatAnOperatorChanged() throws Exception {
        try (EntityFixture f = new EntityFixture(dir)) {
            Catalog v1 = Catalog.load();
            CatalogInstaller installer = new CatalogInstaller(f.packages, f.actions, true);
            installer.installAll(v1);
            // the operator rewrites sort
            f.actions.put(SYSTEM, "whisk.system", "utils/sort", "{\"exec\": {\"kind\": \"nodejs:default\", "
                    + "\"code\": \"function main() { return {mine: true}; }\"}}", true);
            long echoBefore = f.actions.read(SYSTEM, "whisk.system", "utils/echo").action().updated();
            Thread.sleep(5);

            Catalog v2 = new Catalog("2", v1.namespace(), v1.packages());
            installer.installAll(v2);
            WhiskAction echo = f.actions.read(SYSTEM, "whisk.system", "utils/echo").action();
            assertTrue(echo.updated() > echoBefore, "echo was not upgraded");
            assertEquals("2", mark(echo.annotations().toJson()).path("version").asText());
            WhiskAction sort = f.actions.read(SYSTEM, "whisk.system", "utils/sort").action();
            assertTrue(sort.exec().code().contains("mine"), "the operator's sort was overwritten");
            assertEquals("1", mark(sort.annotations().toJson()).path("version").asText());
        }
    }

    @Test
    void onlyMissingOrOwnEntitiesAreWritten() {
        assertTrue(CatalogInstaller.shouldWrite(java.util.Optional.empty(), null, "1"));
        assertTrue(!CatalogInstaller.shouldWrite(java.util.Optional.of(Json.MAPPER.createArrayNode()), null, "1"),
                "an entity without the mark is not ours");
    }

    private static JsonNode mark(JsonNode annotations) {
        for (JsonNode kv : annotations) {
            if (CatalogInstaller.MARK.equals(kv.path("key").asText())) {
                return kv.path("value");
            }
        }
        return Json.object();
    }
}
