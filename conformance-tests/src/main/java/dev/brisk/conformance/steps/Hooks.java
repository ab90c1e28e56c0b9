package dev.brisk.conformance.steps;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import dev.brisk.conformance.support.World;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;

/** Category gate (optional categories must be claimed) and cleanup of every entity a scenario created. */
public class Hooks {

    /** Tags that put a scenario into an optional category; untagged scenarios are core. */
    static final String OPTIONAL_CATEGORY_PREFIX = "@runtime-";
    /** Optional categories whose tag is not a runtime's. */
    static final java.util.Set<String> OPTIONAL_CATEGORIES = java.util.Set.of("@limits", "@admin-api", "@blackbox", "@conductor", "@catalog", "@api-gateway", "@feeds");

    /** A core scenario that runs an action in whichever runtime the target claims ({@code ClaimedRuntime}). */
    static final String ANY_RUNTIME = "@any-runtime";

    private final World world;

    public Hooks(World world) {
        this.world = world;
    }

    @Before(order = 0)
    public void requireClaimedCategories(Scenario scenario) {
        List<String> missing = new ArrayList<>();
        for (String tag : scenario.getSourceTagNames()) {
            if (tag.startsWith(OPTIONAL_CATEGORY_PREFIX) || OPTIONAL_CATEGORIES.contains(tag)) {
                String category = tag.substring(1);
                if (!world.config().claims(category) && !missing.contains(category)) {
                    missing.add(category);
                }
            }
        }
        if (scenario.getSourceTagNames().contains(ANY_RUNTIME)
                && dev.brisk.conformance.support.ClaimedRuntime.family(world.config()) == null) {
            missing.add("runtime-nodejs or runtime-python (the scenario runs an action in any claimed runtime)");
        }
        Assumptions.assumeTrue(missing.isEmpty(),
                () -> "target does not claim category " + String.join(", ", missing) + " (brisk.claims)");
    }

    /** Tells which reads never showed the scenario's own writes within the cache window (a failure follows). */
    @After(order = 30_000)
    public void reportUnsettledWrites(Scenario scenario) {
        List<String> unsettled = world.cache().unsettled();
        if (!unsettled.isEmpty()) {
            scenario.log("reads never showed this scenario's writes of " + unsettled + " within the cache window ("
                    + world.config().cacheWindow().toMillis() + " ms, brisk.cache-window)");
        }
    }

    @After
    public void deleteCreatedEntities(Scenario scenario) {
        for (String action : world.createdActions()) {
            try {
                world.api().pathParam("ns", world.ns()).pathParam("name", action).delete(world.actionPath());
            } catch (Exception e) { // REST Assured throws ConnectException undeclared
                scenario.log("cleanup: could not delete action '" + action + "': " + e);
            }
        }
    }
}
