package dev.brisk.conformance.steps;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import dev.brisk.conformance.support.World;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.restassured.specification.RequestSpecification;

/**
 * Skips scenarios that need a second identity when none is configured, and deletes the rules, triggers, packaged
 * actions and packages a scenario created (top-level actions are deleted by {@link Hooks}). Rules go first, packages
 * last and with force=true, so that a package's remaining actions go with it.
 */
public class EntityCleanupHooks {

    /** Tag of scenarios that act as a second identity of another namespace (brisk.auth2). */
    static final String REQUIRES_AUTH2 = "@requires-auth2";

    private static final List<String> ORDER = List.of("rules", "actions", "triggers", "packages");

    private final World world;

    public EntityCleanupHooks(World world) {
        this.world = world;
    }

    @Before(order = 1)
    public void requireSecondIdentity(Scenario scenario) {
        if (scenario.getSourceTagNames().contains(REQUIRES_AUTH2)) {
            Assumptions.assumeTrue(world.config().auth2().isPresent(),
                    "no second identity configured: this scenario needs the credentials of another namespace "
                            + "(brisk.auth2, --auth2 or BRISK_AUTH2)");
        }
    }

    @After(order = 20_000)
    public void deleteCreatedEntities(Scenario scenario) {
        for (String collection : ORDER) {
            List<World.Entity> entities = new ArrayList<>();
            for (World.Entity e : world.createdEntities()) {
                if (e.collection().equals(collection)) {
                    entities.add(e);
                }
            }
            // packages: bindings (created later) before the packages they refer to
            if (collection.equals("packages")) {
                java.util.Collections.reverse(entities);
            }
            for (World.Entity e : entities) {
                try {
                    RequestSpecification spec = e.second() ? world.api2() : world.api();
                    if (collection.equals("packages")) {
                        spec = spec.queryParam("force", "true");
                    }
                    world.send(spec, "DELETE", "_", collection, e.segments().toArray(String[]::new));
                } catch (Exception ex) { // REST Assured throws ConnectException undeclared
                    scenario.log("cleanup: could not delete " + collection + " " + e.segments() + ": " + ex);
                }
            }
        }
    }
}
