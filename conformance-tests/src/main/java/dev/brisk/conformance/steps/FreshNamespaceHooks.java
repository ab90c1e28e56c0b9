package dev.brisk.conformance.steps;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * With {@code brisk.fresh-namespace-per-scenario=true}, every scenario acts in a namespace of its own, made through
 * the admin API before it and deleted after it (once its entities are gone): scenarios sharing one long-lived
 * testbed cannot see each other's entities, activations or throttles.
 */
public class FreshNamespaceHooks {
    private static final String ADMIN_PATH = "/admin/v1/namespaces/{ns}";

    private final World world;

    public FreshNamespaceHooks(World world) {
        this.world = world;
    }

    @Before(order = 2)
    public void createNamespace(Scenario scenario) {
        if (!world.config().freshNamespacePerScenario()) {
            return;
        }
        if (world.config().adminAuth().isEmpty()) {
            throw new IllegalStateException("brisk.fresh-namespace-per-scenario needs the admin API credentials"
                    + " (brisk.admin-auth, --admin-auth or BRISK_ADMIN_AUTH)");
        }
        String namespace = World.PREFIX + "ns-" + world.suffix();
        Response r = admin().put(ADMIN_PATH, namespace);
        if (r.statusCode() != 200 || !(Json.at(Json.parse(r.asString()), "auth") instanceof String auth)) {
            throw new IllegalStateException("could not create the scenario's namespace " + namespace
                    + " through the admin API: HTTP " + r.statusCode() + " " + r.asString());
        }
        world.useFreshNamespace(namespace, auth);
        scenario.log("namespace of this scenario: " + namespace);
    }

    /** Runs after the other cleanup hooks (the lowest order runs last): the entities are deleted by then. */
    @After(order = 1)
    public void deleteNamespace(Scenario scenario) {
        String namespace = world.freshNamespace();
        if (namespace == null) {
            return;
        }
        try {
            Response r = admin().delete(ADMIN_PATH, namespace);
            if (r.statusCode() != 200) {
                scenario.log("cleanup: deleting namespace " + namespace + " answered HTTP " + r.statusCode());
            }
        } catch (Exception e) { // REST Assured throws ConnectException undeclared
            scenario.log("cleanup: could not delete namespace " + namespace + ": " + e);
        }
    }

    private RequestSpecification admin() {
        String[] a = world.config().requireAdminAuth();
        return world.anonymous().auth().preemptive().basic(a[0], a[1]);
    }
}
