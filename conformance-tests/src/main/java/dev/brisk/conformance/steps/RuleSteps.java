package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.brisk.conformance.support.CacheWindow;
import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.response.Response;

/** Rules: create, read, update, enable, disable, delete and list. */
public class RuleSteps {

    private final World world;

    public RuleSteps(World world) {
        this.world = world;
    }

    Response put(String rule, String trigger, String action, boolean overwrite) {
        String name = world.name(rule);
        world.createdEntity("rules", false, name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trigger", "/_/" + world.name(trigger));
        body.put("action", "/_/" + world.path(action)); // "kit/echo": an action of a package or binding (RUL-015)
        var spec = world.json(JsonOutput.toJson(body));
        if (overwrite) {
            spec = spec.queryParam("overwrite", "true");
        }
        Response r = world.remember(world.send(spec, "PUT", world.ns(), "rules", name));
        if (overwrite) {
            world.wrote(r, CacheWindow.sameRevisionAs(r), "rules", name);
        }
        return r;
    }

    @Given("the second identity's trigger {string} exists")
    public void secondTriggerExists(String trigger) {
        String name = world.name(trigger);
        world.createdEntity("triggers", true, name);
        Response r = world.remember(world.send(world.api2().contentType("application/json").body("{}"), "PUT", "_",
                "triggers", name));
        assertEquals(200, r.statusCode(), () -> "creating trigger '" + trigger + "' as the second identity failed: "
                + ResponseSteps.describe(r));
    }

    @When("the second identity creates the rule {string} from its trigger {string} to the action {string} in my package {string}")
    public void secondCreatesToPackaged(String rule, String trigger, String action, String pkg) {
        String name = world.name(rule);
        world.createdEntity("rules", true, name); // deleted again should the target wrongly store it
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trigger", "/_/" + world.name(trigger));
        body.put("action", "/" + world.namespaceName() + "/" + world.name(pkg) + "/" + world.name(action));
        world.remember(world.send(world.api2().contentType("application/json").body(JsonOutput.toJson(body)), "PUT",
                "_", "rules", name));
    }

    @Given("a rule {string} from trigger {string} to action {string}")
    public void ruleExists(String rule, String trigger, String action) {
        Response r = put(rule, trigger, action, false);
        assertEquals(200, r.statusCode(), () -> "creating rule '" + rule + "' failed: " + ResponseSteps.describe(r));
    }

    @When("I create the rule {string} from trigger {string} to action {string}")
    public void create(String rule, String trigger, String action) {
        put(rule, trigger, action, false);
    }

    @When("I update the rule {string} with overwrite from trigger {string} to action {string}")
    public void update(String rule, String trigger, String action) {
        put(rule, trigger, action, true);
    }

    @When("I get the rule {string}")
    public void get(String rule) {
        world.settleWrites();
        world.remember(world.send(world.api(), "GET", world.ns(), "rules", world.name(rule)));
    }

    @When("I delete the rule {string}")
    public void delete(String rule) {
        Response r = world.remember(world.send(world.api(), "DELETE", world.ns(), "rules", world.name(rule)));
        world.wrote(r, CacheWindow.gone(), "rules", world.name(rule));
    }

    @When("I list the rules with the query {string}")
    public void list(String query) {
        world.remember(world.api().get("/api/v1/namespaces/{ns}/rules?" + query, world.ns()));
    }

    @When("I set the status of the rule {string} to {string}")
    public void setStatus(String rule, String status) {
        Response r = world.remember(world.send(world.json(JsonOutput.toJson(Map.of("status", status))), "POST",
                world.ns(), "rules", world.name(rule)));
        // the rule's status is kept in its trigger, which a fire reads: both are settled through the rule's GET
        world.wrote(r, CacheWindow.member("status", status), "rules", world.name(rule));
    }

    @When("I disable the rule {string}")
    public void disable(String rule) {
        setStatus(rule, "inactive");
    }

    @When("I enable the rule {string}")
    public void enable(String rule) {
        setStatus(rule, "active");
    }

    /** RUL-001: the rule JSON, with trigger and action as {path, name} in the caller's namespace. */
    @Then("the response is the rule {string} from trigger {string} to action {string}")
    public void isRule(String rule, String trigger, String action) {
        Response r = world.last();
        assertEquals(200, r.statusCode(), () -> "expected 200: " + ResponseSteps.describe(r));
        Object b = assertInstanceOf(Map.class, world.body(), "expected the rule as a JSON object");
        String ns = world.namespaceName();
        assertEquals(world.name(rule), Json.at(b, "name"), "name");
        assertEquals(ns, Json.at(b, "namespace"), "namespace");
        assertInstanceOf(String.class, Json.at(b, "version"), "version must be a string");
        assertEquals(Boolean.FALSE, Json.at(b, "publish"), "publish");
        assertInstanceOf(List.class, Json.at(b, "annotations"), "annotations must be an array");
        assertTrue(Json.same(Json.at(b, "trigger"), Map.of("path", ns, "name", world.name(trigger))),
                () -> "trigger should be {path: " + ns + ", name: " + world.name(trigger) + "} but is "
                        + Json.write(Json.at(b, "trigger")));
        assertTrue(Json.same(Json.at(b, "action"), Map.of("path", ns, "name", world.name(action))),
                () -> "action should be {path: " + ns + ", name: " + world.name(action) + "} but is "
                        + Json.write(Json.at(b, "action")));
    }

    @Then("the response includes the rules {string} and {string}")
    public void includes(String a, String b) {
        List<?> list = assertInstanceOf(List.class, world.body(), "expected a JSON array");
        for (String l : List.of(a, b)) {
            assertTrue(list.stream().anyMatch(o -> world.name(l).equals(Json.at(o, "name"))),
                    () -> "list lacks rule '" + world.name(l) + "'");
        }
    }
}
