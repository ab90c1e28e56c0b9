package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.response.Response;

/** Reading activation records, results and logs, and listing activations. */
public class ActivationSteps {

    private final World world;

    public ActivationSteps(World world) {
        this.world = world;
    }

    private Response getActivation(String id, String suffix) {
        return world.api().pathParam("ns", world.ns()).pathParam("id", id)
                .get(world.activationsPath() + "/{id}" + suffix);
    }

    /** Polls GET /activations/{id} until 200 (records are stored after the result is known). */
    private Response awaitRecord(String id) {
        Response r = world.poll(() -> getActivation(id, ""), x -> x.statusCode() == 200, World.EVENTUALLY);
        if (r.statusCode() == 200) {
            world.record(id, Json.parse(r.asString()));
        }
        return r;
    }

    // ------------------------------------------------------------------ When

    @When("I get the activation record")
    public void getRecord() {
        world.remember(awaitRecord(world.lastActivationId()));
    }

    @When("I get the activation result")
    public void getResult() {
        String id = world.lastActivationId();
        awaitRecord(id);
        world.remember(getActivation(id, "/result"));
    }

    @When("I get the activation logs")
    public void getLogs() {
        String id = world.lastActivationId();
        awaitRecord(id);
        world.remember(getActivation(id, "/logs"));
    }

    @When("I get the activation with the id {string}")
    public void getById(String id) {
        world.remember(getActivation(id, ""));
    }

    @When("I get the result of the activation with the id {string}")
    public void getResultById(String id) {
        world.remember(getActivation(id, "/result"));
    }

    @When("I get the logs of the activation with the id {string}")
    public void getLogsById(String id) {
        world.remember(getActivation(id, "/logs"));
    }

    @Given("all activations of this scenario are recorded")
    public void allRecorded() {
        for (String id : world.activationIds()) {
            Response r = awaitRecord(id);
            assertEquals(200, r.statusCode(), () -> "activation " + id + " was not recorded in time: "
                    + ResponseSteps.describe(r));
        }
    }

    @When("I list the activations of the action {string} with the query {string}")
    public void listOf(String logical, String query) {
        awaitListed(world.name(logical));
        world.remember(world.api().pathParam("ns", world.ns()).queryParam("name", world.name(logical))
                .get(world.activationsPath() + (query.isEmpty() ? "" : "?" + query)));
    }

    /**
     * Waits until the list of the action holds every activation of it this scenario started, as OpenWhisk's own
     * tests do (WskRestOperations pollFor): OpenWhisk reads its lists from CouchDB views with stale=update_after, so
     * an activation just stored may be missing from the first read.
     */
    private void awaitListed(String actionName) {
        java.util.List<String> expected = world.activationsOf(actionName);
        if (expected.isEmpty()) {
            return;
        }
        world.poll(() -> world.api().pathParam("ns", world.ns()).queryParam("name", actionName)
                        .queryParam("limit", 200).get(world.activationsPath()),
                r -> r.statusCode() == 200 && listedIds(r).containsAll(expected), World.EVENTUALLY);
    }

    private static java.util.Set<Object> listedIds(io.restassured.response.Response r) {
        java.util.Set<Object> ids = new java.util.HashSet<>();
        if (Json.parse(r.asString()) instanceof java.util.List<?> list) {
            list.forEach(e -> ids.add(Json.at(e, "activationId")));
        }
        return ids;
    }

    @When("I list the activations of the action {string}")
    public void listOfAll(String logical) {
        listOf(logical, "");
    }

    @When("I list the activations of the action {string} that started at or after activation {int}")
    public void listSince(String logical, int n) {
        String id = world.activationIds().get(n - 1);
        Object rec = world.record(id);
        if (rec == null) {
            awaitRecord(id);
            rec = world.record(id);
        }
        Object start = Json.at(rec, "start");
        assertInstanceOf(Number.class, start, "start of activation " + n);
        long since = ((Number) start).longValue();
        awaitListed(world.name(logical));
        world.remember(world.api().pathParam("ns", world.ns()).queryParam("name", world.name(logical))
                .queryParam("since", since).get(world.activationsPath()));
    }

    @When("I list the activations with the query {string}")
    public void listQuery(String query) {
        world.remember(world.api().pathParam("ns", world.ns()).get(world.activationsPath() + "?" + query));
    }

    // ------------------------------------------------------------------ Then

    /** Identity, timing and response fields of a stored activation record of the action. */
    @Then("the response is the activation record of the action {string}")
    public void isRecord(String logical) {
        Response r = world.last();
        assertEquals(200, r.statusCode(), () -> "expected the record: " + ResponseSteps.describe(r));
        Object b = world.body();
        assertInstanceOf(Map.class, b, "record must be a JSON object");
        assertEquals(world.lastActivationId(), Json.at(b, "activationId"), "activationId");
        assertEquals(world.namespaceName(), Json.at(b, "namespace"), "namespace");
        assertEquals(world.name(logical), Json.at(b, "name"), "name");
        Object subject = Json.at(b, "subject");
        assertInstanceOf(String.class, subject, "subject must be a string");
        assertNotEquals("", subject, "subject must not be empty");
        assertInstanceOf(String.class, Json.at(b, "version"), "version must be a string");
        assertEquals(Boolean.FALSE, Json.at(b, "publish"), "publish");
        assertInstanceOf(List.class, Json.at(b, "logs"), "logs must be an array");
        assertInstanceOf(List.class, Json.at(b, "annotations"), "annotations must be an array");
        assertInstanceOf(Map.class, Json.at(b, "response"), "response must be an object");
    }

    @Then("the activation timing is consistent")
    public void timing() {
        Object b = world.body();
        Object start = Json.at(b, "start");
        Object end = Json.at(b, "end");
        Object duration = Json.at(b, "duration");
        assertInstanceOf(Number.class, start, "start must be a number (epoch ms)");
        assertInstanceOf(Number.class, end, "end must be a number (epoch ms)");
        assertInstanceOf(Number.class, duration, "duration must be a number (ms)");
        long s = ((Number) start).longValue();
        long e = ((Number) end).longValue();
        assertTrue(s > 1_500_000_000_000L, () -> "start must be epoch milliseconds: " + s);
        assertTrue(e >= s, "end must not be before start");
        assertEquals(e - s, ((Number) duration).longValue(), "duration must equal end - start");
    }

    @Then("the activation duration is at least {int} milliseconds")
    public void durationAtLeast(int ms) {
        Object d = Json.at(world.body(), "duration");
        assertInstanceOf(Number.class, d, "duration must be a number");
        assertTrue(((Number) d).longValue() >= ms, () -> "duration " + d + " should be >= " + ms);
    }

    private Object annotation(String key) {
        return Json.keyValue(Json.at(world.body(), "annotations"), key);
    }

    @Then("the activation annotation {string} is the path of the action {string}")
    public void pathAnnotation(String key, String logical) {
        assertEquals(world.namespaceName() + "/" + world.name(logical), annotation(key),
                () -> "annotation '" + key + "' in " + Json.write(Json.at(world.body(), "annotations")));
    }

    @Then("the activation annotation {string} is a concrete {runtime} kind")
    public void kindAnnotation(String key, String runtime) {
        Object v = annotation(key);
        assertInstanceOf(String.class, v, () -> "annotation '" + key + "' must be a string: " + Json.write(v));
        assertTrue(((String) v).startsWith(runtime + ":") && !v.equals(runtime + ":default"),
                () -> "annotation '" + key + "' must be a concrete " + runtime + " kind: " + v);
    }

    @Then("the activation annotation {string} is a number")
    public void numberAnnotation(String key) {
        Object v = annotation(key);
        assertInstanceOf(Number.class, v, () -> "annotation '" + key + "' must be a number in "
                + Json.write(Json.at(world.body(), "annotations")));
    }

    @Then("the activation annotation {string} is {bool}")
    public void booleanAnnotation(String key, Boolean expected) {
        assertEquals(expected, annotation(key), () -> "annotation '" + key + "' in "
                + Json.write(Json.at(world.body(), "annotations")));
    }

    @Then("^the activation annotation \"([^\"]*)\" includes the JSON (\\{.*\\})$")
    public void annotationIncludes(String key, String json) {
        Object v = annotation(key);
        assertTrue(Json.contains(v, Json.parse(json)), () -> "annotation '" + key + "' should include " + json
                + " but is " + Json.write(v));
    }

    /** Activation list: exactly the activations of this scenario with the given 1-based numbers, in order. */
    @Then("the response lists the activations {string} in this order")
    public void listed(String numbers) {
        List<String> expected = new ArrayList<>();
        for (String n : numbers.split("\\s*,\\s*")) {
            expected.add(world.activationIds().get(Integer.parseInt(n.trim()) - 1));
        }
        List<?> list = assertInstanceOf(List.class, world.body(),
                () -> "expected a JSON array: " + ResponseSteps.describe(world.last()));
        List<Object> actual = new ArrayList<>();
        for (Object o : list) {
            actual.add(Json.at(o, "activationId"));
        }
        assertEquals(expected, actual, "activation ids listed (newest first)");
    }

    @Then("every listed activation belongs to the action {string}")
    public void allOf(String logical) {
        List<?> list = assertInstanceOf(List.class, world.body(), "expected a JSON array");
        for (Object o : list) {
            assertEquals(world.name(logical), Json.at(o, "name"), () -> "entry " + Json.write(o));
            assertEquals(world.namespaceName(), Json.at(o, "namespace"), () -> "entry " + Json.write(o));
            assertInstanceOf(Number.class, Json.at(o, "start"), () -> "entry without start: " + Json.write(o));
        }
    }

    /**
     * Polls GET /activations/{id}/logs until every expected line is present (or the deadline passes), then asserts.
     * Each line must look like "2024-05-01T17:42:09.338809562Z stdout: hello".
     */
    @Then("the activation logs eventually contain the lines:")
    public void logsContain(DataTable table) {
        logsMatch(table, "message", "$");
    }

    /** As {@link #logsContain}, each row a line's stream and the start of its message ({@code start}). */
    @Then("the activation logs eventually contain lines starting with:")
    public void logsContainStarts(DataTable table) {
        logsMatch(table, "start", ".*$");
    }

    private void logsMatch(DataTable table, String column, String end) {
        String id = world.lastActivationId();
        List<Map<String, String>> rows = table.asMaps();
        List<Pattern> patterns = new ArrayList<>();
        for (Map<String, String> row : rows) {
            patterns.add(Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+Z\\s+"
                    + Pattern.quote(row.get("stream")) + ": " + Pattern.quote(row.get(column)) + end, Pattern.DOTALL));
        }
        Response r = world.poll(() -> getActivation(id, "/logs"),
                x -> x.statusCode() == 200 && missing(x, patterns).isEmpty(), World.EVENTUALLY);
        world.remember(r);
        assertEquals(200, r.statusCode(), () -> "GET logs: " + ResponseSteps.describe(r));
        List<Pattern> missing = missing(r, patterns);
        if (!missing.isEmpty()) {
            fail("logs lack lines matching " + missing + ": " + Json.abbreviate(r.asString()));
        }
    }

    private static List<Pattern> missing(Response r, List<Pattern> patterns) {
        Object logs;
        try {
            logs = Json.at(Json.parse(r.asString()), "logs");
        } catch (AssertionError e) {
            return patterns;
        }
        List<Pattern> missing = new ArrayList<>();
        for (Pattern p : patterns) {
            boolean found = logs instanceof List<?> l
                    && l.stream().anyMatch(line -> line instanceof String s && p.matcher(s).matches());
            if (!found) {
                missing.add(p);
            }
        }
        return missing;
    }

    @Then("the activation record eventually becomes available")
    public void becomesAvailable() {
        Response r = awaitRecord(world.lastActivationId());
        world.remember(r);
        assertEquals(200, r.statusCode(), () -> "activation record not available: " + ResponseSteps.describe(r));
    }
}
