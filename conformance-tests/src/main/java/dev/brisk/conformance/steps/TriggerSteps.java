package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.brisk.conformance.support.CacheWindow;
import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.response.Response;

/** Triggers: create, read, update, delete, list and fire, and the trigger activation record and its logs. */
public class TriggerSteps {

    private final World world;

    public TriggerSteps(World world) {
        this.world = world;
    }

    /** A JSON object {"k": v, ...} as an OpenWhisk key/value array. */
    static List<Map<String, Object>> keyValues(String json) {
        Map<?, ?> p = assertInstanceOf(Map.class, Json.parse(json), "expected a JSON object: " + json);
        List<Map<String, Object>> kv = new ArrayList<>();
        p.forEach((k, v) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", k);
            e.put("value", v);
            kv.add(e);
        });
        return kv;
    }

    Response put(String logical, String parameters, boolean overwrite) {
        String name = world.name(logical);
        world.createdEntity("triggers", false, name);
        Map<String, Object> body = new LinkedHashMap<>();
        if (parameters != null) {
            body.put("parameters", keyValues(parameters));
        }
        var spec = world.json(JsonOutput.toJson(body));
        if (overwrite) {
            spec = spec.queryParam("overwrite", "true");
        }
        Response r = world.remember(world.send(spec, "PUT", world.ns(), "triggers", name));
        if (overwrite) {
            world.wrote(r, CacheWindow.sameRevisionAs(r), "triggers", name);
        }
        return r;
    }

    private void mustSucceed(String what) {
        Response r = world.last();
        assertEquals(200, r.statusCode(), () -> what + " failed: " + ResponseSteps.describe(r));
    }

    // ------------------------------------------------------------------ Given

    @Given("the trigger {string} exists")
    public void exists(String logical) {
        put(logical, null, false);
        mustSucceed("creating trigger '" + logical + "'");
    }

    @Given("^the trigger \"([^\"]*)\" exists with parameters (\\{.*\\})$")
    public void existsWith(String logical, String parameters) {
        put(logical, parameters, false);
        mustSucceed("creating trigger '" + logical + "'");
    }

    // ------------------------------------------------------------------ When

    @When("I create the trigger {string}")
    public void create(String logical) {
        put(logical, null, false);
    }

    @When("^I create the trigger \"([^\"]*)\" with parameters (\\{.*\\})$")
    public void createWith(String logical, String parameters) {
        put(logical, parameters, false);
    }

    @When("^I update the trigger \"([^\"]*)\" with overwrite and parameters (\\{.*\\})$")
    public void update(String logical, String parameters) {
        put(logical, parameters, true);
    }

    @When("I get the trigger {string}")
    public void get(String logical) {
        world.settleWrites();
        world.remember(world.send(world.api(), "GET", world.ns(), "triggers", world.name(logical)));
    }

    @When("I delete the trigger {string}")
    public void delete(String logical) {
        Response r = world.remember(world.send(world.api(), "DELETE", world.ns(), "triggers", world.name(logical)));
        world.wrote(r, CacheWindow.gone(), "triggers", world.name(logical));
    }

    @When("I list the triggers with the query {string}")
    public void list(String query) {
        world.remember(world.api().get("/api/v1/namespaces/{ns}/triggers?" + query, world.ns()));
    }

    private void fire(String logical, String body) {
        fireRequest(logical, body == null ? world.api() : world.json(body));
    }

    private void fireRequest(String logical, io.restassured.specification.RequestSpecification spec) {
        world.settleWrites();
        Response r = world.remember(world.send(spec, "POST", world.ns(), "triggers", world.name(logical)));
        if (r.statusCode() == 202) {
            try {
                if (Json.at(Json.parse(r.asString()), "activationId") instanceof String id) {
                    world.triggerActivation(id);
                }
            } catch (AssertionError notJson) {
                // asserted by the scenario
            }
        }
    }

    @When("^I fire the trigger \"([^\"]*)\" with (\\{.*\\})$")
    public void fireWith(String logical, String payload) {
        fire(logical, payload);
    }

    /** TRG-014: a fire carrying one more header, given as {@code Name: value}. */
    @When("^I fire the trigger \"([^\"]*)\" with the header \"([^\":]+): ([^\"]*)\" and (\\{.*\\})$")
    public void fireWithHeader(String logical, String header, String value, String payload) {
        fireRequest(logical, world.json(payload).header(header, value));
    }

    @When("I fire the trigger {string} with the content type {string} and no body")
    public void fireTypedNoBody(String logical, String contentType) {
        world.settleWrites();
        world.remember(world.send(world.api().contentType(contentType), "POST", world.ns(), "triggers",
                world.name(logical)));
    }

    @When("I fire the trigger {string} without a body")
    public void fireEmpty(String logical) {
        fire(logical, null);
    }

    /**
     * Reads the trigger activation of the last accepted fire until its logs name the rule, then polls the activation
     * record of the action the rule started; the record becomes the last response.
     */
    @When("I get the action activation of the rule {string}")
    public void actionActivationOfRule(String ruleLogical) {
        String rule = world.namespaceName() + "/" + world.name(ruleLogical);
        Map<String, String> found = new HashMap<>();
        Response t = world.poll(() -> activation(world.lastTriggerActivationId()), r -> {
            Map<?, ?> e = r.statusCode() == 200 ? entryOf(r, rule) : null;
            if (e != null && e.get("activationId") instanceof String id) {
                found.put("id", id);
                return true;
            }
            return false;
        }, World.EVENTUALLY);
        String id = found.get("id");
        if (id == null) {
            fail("the trigger activation never recorded an activation of the rule '" + rule + "': "
                    + ResponseSteps.describe(t));
        }
        world.activation(id);
        Response r = world.poll(() -> activation(id), x -> x.statusCode() == 200, World.EVENTUALLY);
        world.remember(r);
        assertEquals(200, r.statusCode(), () -> "activation " + id + " of the rule's action was not recorded: "
                + ResponseSteps.describe(r));
    }

    private Response activation(String id) {
        return world.api().get(world.activationsPath() + "/{id}", world.ns(), id);
    }

    /** The parsed logs entries of a trigger activation record. */
    static List<Map<?, ?>> entries(Object record) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (Json.at(record, "logs") instanceof List<?> logs) {
            for (Object line : logs) {
                Object parsed = line instanceof String s ? Json.parse(s) : line;
                out.add(assertInstanceOf(Map.class, parsed, () -> "log entry is not a JSON object: " + line));
            }
        }
        return out;
    }

    private static Map<?, ?> entryOf(Response r, String rule) {
        try {
            for (Map<?, ?> e : entries(Json.parse(r.asString()))) {
                if (rule.equals(e.get("rule"))) {
                    return e;
                }
            }
        } catch (AssertionError e) {
            return null;
        }
        return null;
    }

    // ------------------------------------------------------------------ Then

    /** TRG-001: the trigger JSON. */
    @Then("the response is the trigger {string}")
    public void isTrigger(String logical) {
        Response r = world.last();
        assertEquals(200, r.statusCode(), () -> "expected 200: " + ResponseSteps.describe(r));
        Object b = assertInstanceOf(Map.class, world.body(), "expected the trigger as a JSON object");
        assertEquals(world.name(logical), Json.at(b, "name"), "name");
        assertEquals(world.namespaceName(), Json.at(b, "namespace"), "namespace");
        assertInstanceOf(String.class, Json.at(b, "version"), "version must be a string");
        assertEquals(Boolean.FALSE, Json.at(b, "publish"), "publish");
        assertInstanceOf(List.class, Json.at(b, "parameters"), "parameters must be an array");
        assertInstanceOf(List.class, Json.at(b, "annotations"), "annotations must be an array");
    }

    @Then("the response includes the triggers {string} and {string}")
    public void includes(String a, String b) {
        List<?> list = assertInstanceOf(List.class, world.body(), "expected a JSON array");
        for (String l : List.of(a, b)) {
            assertTrue(list.stream().anyMatch(o -> world.name(l).equals(Json.at(o, "name"))),
                    () -> "list lacks trigger '" + world.name(l) + "'");
        }
    }

    @Then("the trigger lists the rule {string} to the action {string} with the status {string}")
    public void listsRule(String rule, String action, String status) {
        String key = world.namespaceName() + "/" + world.name(rule);
        Object entry = Json.at(world.body(), "rules");
        Map<?, ?> rules = assertInstanceOf(Map.class, entry,
                () -> "the trigger must have a 'rules' object: " + ResponseSteps.describe(world.last()));
        assertTrue(rules.containsKey(key), () -> "'rules' lacks '" + key + "': " + Json.write(rules));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("action", Map.of("path", world.namespaceName(), "name", world.name(action)));
        expected.put("status", status);
        assertTrue(Json.same(rules.get(key), expected),
                () -> "rules['" + key + "'] should be " + Json.write(expected) + " but is " + Json.write(rules.get(key)));
    }

    @Then("the trigger does not list the rule {string}")
    public void doesNotListRule(String rule) {
        String key = world.namespaceName() + "/" + world.name(rule);
        assertEquals(200, world.last().statusCode(), () -> ResponseSteps.describe(world.last()));
        Object rules = Json.at(world.body(), "rules");
        assertTrue(!(rules instanceof Map<?, ?> m) || !m.containsKey(key),
                () -> "'rules' still lists '" + key + "': " + Json.write(rules));
    }

    @Then("the response is empty with status {int}")
    public void emptyWithStatus(int status) {
        Response r = world.last();
        assertEquals(status, r.statusCode(), () -> "unexpected status: " + ResponseSteps.describe(r));
        assertEquals("", r.asString(), "the body must be empty");
    }

    /** TRG-008: lists the trigger's activations for a few seconds and expects none. */
    @Then("no activation of the trigger {string} is recorded")
    public void noRecord(String logical) {
        Response r = world.poll(() -> world.api().queryParam("name", world.name(logical))
                .get(world.activationsPath(), world.ns()),
                x -> x.statusCode() != 200 || !isEmptyArray(x), Duration.ofSeconds(3));
        assertEquals(200, r.statusCode(), () -> "listing activations: " + ResponseSteps.describe(r));
        List<?> list = assertInstanceOf(List.class, Json.parse(r.asString()), "expected a JSON array");
        assertTrue(list.isEmpty(), () -> "the trigger has activation records: " + Json.abbreviate(r.asString()));
    }

    /**
     * TRG-010: polls the trigger activation of the last accepted fire until it has as many logs entries as rows, then
     * compares them, unordered, with the rows (columns rule, action, statusCode, success and optional error, whose
     * text may use {namespace} and {name:LOGICAL}). A row without error expects an activationId of 32 hex digits.
     */
    @Then("the trigger activation logs hold exactly the rule entries:")
    public void ruleEntries(DataTable table) {
        List<Map<String, String>> rows = table.asMaps();
        String id = world.lastTriggerActivationId();
        Response r = world.poll(() -> activation(id),
                x -> x.statusCode() == 200 && entriesSafe(x).size() >= rows.size(), World.EVENTUALLY);
        assertEquals(200, r.statusCode(), () -> "trigger activation " + id + ": " + ResponseSteps.describe(r));
        List<Map<?, ?>> entries = entries(Json.parse(r.asString()));
        assertEquals(rows.size(), entries.size(), () -> "one logs entry per rule expected: " + entries);
        String ns = world.namespaceName();
        for (Map<String, String> row : rows) {
            String rule = ns + "/" + world.name(row.get("rule"));
            Map<?, ?> e = entries.stream().filter(x -> rule.equals(x.get("rule"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no logs entry for rule '" + rule + "' in " + entries));
            assertEquals(ns + "/" + world.name(row.get("action")), e.get("action"), () -> "action of " + e);
            assertTrue(Json.same(Integer.parseInt(row.get("statusCode").trim()), e.get("statusCode")),
                    () -> "statusCode of " + e);
            assertEquals(Boolean.parseBoolean(row.get("success").trim()), e.get("success"), () -> "success of " + e);
            String error = row.get("error");
            if (error == null || error.isBlank()) {
                assertTrue(e.get("activationId") instanceof String s && s.matches(InvokeSteps.ACTIVATION_ID),
                        () -> "entry without a 32-hex activationId: " + e);
                assertTrue(!e.containsKey("error"), () -> "successful entry with an error: " + e);
            } else {
                assertEquals(world.expand(error.trim()), e.get("error"), () -> "error of " + e);
            }
        }
    }

    private static boolean isEmptyArray(Response r) {
        try {
            return Json.parse(r.asString()) instanceof List<?> l && l.isEmpty();
        } catch (AssertionError notJson) {
            return false;
        }
    }

    private static List<Map<?, ?>> entriesSafe(Response r) {
        try {
            return entries(Json.parse(r.asString()));
        } catch (AssertionError e) {
            return List.of();
        }
    }

    @Then("the error message is {string} with the names filled in")
    public void errorExpanded(String template) {
        new ResponseSteps(world).errorIs(world.expand(template));
    }
}
