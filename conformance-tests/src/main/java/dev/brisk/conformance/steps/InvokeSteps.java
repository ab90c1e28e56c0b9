package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Invoking actions (blocking, non-blocking, result only) and assertions on invoke responses. */
public class InvokeSteps {

    static final String ID_HEADER = "x-openwhisk-activation-id";
    static final String ACTIVATION_ID = "[0-9a-f]{32}";

    private final World world;

    public InvokeSteps(World world) {
        this.world = world;
    }

    Response invoke(String logical, String query, String body) {
        world.settleWrites();
        RequestSpecification spec = body == null ? world.api() : world.json(body);
        String path = world.actionPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        Response r = world.remember(spec.pathParam("ns", world.ns()).pathParam("name", world.name(logical))
                .post(path));
        try {
            Object b = Json.parse(r.asString());
            if (Json.at(b, "activationId") instanceof String id) {
                world.activation(id, world.name(logical));
            }
        } catch (AssertionError notJson) {
            // not every response carries an activation
        }
        return r;
    }

    @When("I invoke the action {string} blocking")
    public void blocking(String logical) {
        invoke(logical, "blocking=true", "{}");
    }

    @When("^I invoke the action \"([^\"]*)\" blocking with the body (\\{.*\\})$")
    public void blockingWith(String logical, String body) {
        invoke(logical, "blocking=true", body);
    }

    @When("I invoke the action {string} blocking for the result")
    public void blockingResult(String logical) {
        invoke(logical, "blocking=true&result=true", "{}");
    }

    @When("^I invoke the action \"([^\"]*)\" blocking for the result with the body (\\{.*\\})$")
    public void blockingResultWith(String logical, String body) {
        invoke(logical, "blocking=true&result=true", body);
    }

    @When("I invoke the action {string} without blocking")
    public void nonBlocking(String logical) {
        invoke(logical, null, "{}");
    }

    @When("I invoke the action {string} with the query {string}")
    public void withQuery(String logical, String query) {
        invoke(logical, query, "{}");
    }

    @When("I invoke the action {string} blocking without a body")
    public void blockingNoBody(String logical) {
        invoke(logical, "blocking=true", null);
    }

    @When("I invoke the action {string} blocking with the content type {string} and no body")
    public void blockingTypedNoBody(String logical, String contentType) {
        world.settleWrites();
        world.remember(world.api().contentType(contentType).pathParam("ns", world.ns())
                .pathParam("name", world.name(logical)).post(world.actionPath() + "?blocking=true"));
    }

    @When("I invoke the action {string} blocking with the raw body:")
    public void blockingRaw(String logical, String body) {
        invoke(logical, "blocking=true", body.trim());
    }

    @When("I invoke the action {string} blocking {int} times")
    public void blockingTimes(String logical, int times) {
        for (int i = 0; i < times; i++) {
            invoke(logical, "blocking=true", "{}");
            Response r = world.last();
            assertEquals(200, r.statusCode(), () -> "invoke failed: " + ResponseSteps.describe(r));
        }
    }

    // ------------------------------------------------------------------ Then

    /** INV-001 / INV-004: an activation record of the action, with the activation id header. */
    @Then("the response is an activation of the action {string}")
    public void isActivation(String logical) {
        Response r = world.last();
        Object body = world.body();
        assertInstanceOf(Map.class, body, () -> "expected an activation record: " + ResponseSteps.describe(r));
        Object id = Json.at(body, "activationId");
        assertInstanceOf(String.class, id, "activationId must be a string");
        assertTrue(((String) id).matches(ACTIVATION_ID), () -> "activationId must be 32 lowercase hex: " + id);
        assertEquals(world.name(logical), Json.at(body, "name"), "name");
        assertEquals(world.namespaceName(), Json.at(body, "namespace"), "namespace");
        assertEquals(id, r.getHeader(ID_HEADER), "header " + ID_HEADER + " must carry the activation id");
    }

    @Then("the activation result field {string} is the activation's id")
    public void resultIsActivationId(String field) {
        assertEquals(Json.at(world.body(), "activationId"), Json.at(world.body(), "response.result." + field),
                () -> "result field '" + field + "': " + ResponseSteps.describe(world.last()));
    }

    @Then("the activation result field {string} is the caller's credentials")
    public void resultIsCredentials(String field) {
        assertEquals(world.user() + ":" + world.key(), Json.at(world.body(), "response.result." + field),
                "result field '" + field + "' should be the invoking subject's uuid:key");
    }

    @Then("the activation result field {string} is a time after the activation's start")
    public void resultIsLaterThanStart(String field) {
        Object value = Json.at(world.body(), "response.result." + field);
        Object start = Json.at(world.body(), "start");
        assertTrue(value != null && String.valueOf(value).matches("\\d+") && start instanceof Number s
                && Long.parseLong(String.valueOf(value)) > s.longValue(),
                () -> "result field '" + field + "' (" + value + ") should be epoch ms after the start " + start);
    }

    @Then("the activation status is {string}")
    public void activationStatus(String status) {
        Object body = world.body();
        assertEquals(status, Json.at(body, "response.status"),
                () -> "response.status: " + ResponseSteps.describe(world.last()));
        assertEquals(status.equals("success"), Json.at(body, "response.success"), "response.success");
    }

    @Then("^the activation result is (\\{.*\\})$")
    public void resultIs(String json) {
        Object actual = Json.at(world.body(), "response.result");
        assertTrue(Json.same(actual, Json.parse(json)),
                () -> "response.result should be " + json + " but is " + Json.write(actual));
    }

    /** The result holds these members (and may hold more, e.g. a fired action's {@code __ow_headers}, TRG-014). */
    @Then("^the activation result includes (\\{.*\\})$")
    public void resultIncludes(String json) {
        Object actual = Json.at(world.body(), "response.result");
        assertTrue(Json.contains(actual, Json.parse(json)),
                () -> "response.result should include " + json + " but is " + Json.write(actual));
    }

    @Then("the activation result has an error message")
    public void resultHasError() {
        Object e = Json.at(world.body(), "response.result.error");
        assertTrue(e != Json.MISSING && e != null, () -> "response.result.error missing: "
                + ResponseSteps.describe(world.last()));
    }

    /** INV-003: 202 with only the activation id, plus the header. */
    @Then("the response only holds an activation id")
    public void onlyId() {
        Response r = world.last();
        Object body = world.body();
        Map<?, ?> m = assertInstanceOf(Map.class, body, () -> "expected {activationId}: " + ResponseSteps.describe(r));
        assertEquals(1, m.size(), () -> "activationId must be the only member: " + r.asString());
        Object id = m.get("activationId");
        assertInstanceOf(String.class, id, "activationId must be a string");
        assertTrue(((String) id).matches(ACTIVATION_ID), () -> "activationId must be 32 lowercase hex: " + id);
        assertEquals(id, r.getHeader(ID_HEADER), "header " + ID_HEADER + " must carry the activation id");
    }

    @Then("the response carries the activation id header")
    public void carriesHeader() {
        String header = world.last().getHeader(ID_HEADER);
        assertTrue(header != null && header.matches(ACTIVATION_ID),
                () -> "missing or malformed " + ID_HEADER + " header: " + header);
        world.activation(header);
    }

    @Then("the two activation ids differ")
    public void idsDiffer() {
        var ids = world.activationIds();
        assertTrue(ids.size() >= 2, "expected two activations");
        assertNotEquals(ids.get(ids.size() - 2), ids.get(ids.size() - 1));
    }
}
