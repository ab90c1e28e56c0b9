package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.response.Response;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The catalog (CAT-): the public packages of {@code whisk.system}, used from the caller's own namespace. Actions are
 * named by their fully qualified names, {@code /whisk.system/utils/echo}.
 */
public class CatalogSteps {
    private final World world;
    private final ActionSteps actions;

    public CatalogSteps(World world, ActionSteps actions) {
        this.world = world;
        this.actions = actions;
    }

    @When("I list the packages of the namespace {string}")
    public void listPackages(String namespace) {
        world.remember(world.api().get("/api/v1/namespaces/" + namespace + "/packages?limit=200"));
    }

    @Then("the list holds the public packages {string}")
    public void holdsPackages(String names) {
        List<?> list = assertInstanceOf(List.class, world.body(), () -> "expected a JSON array: "
                + ResponseSteps.describe(world.last()));
        for (String name : split(names)) {
            Object found = list.stream().filter(p -> name.equals(Json.at(p, "name"))).findFirst().orElse(null);
            assertTrue(found != null, () -> "no package " + name + " in " + Json.write(list));
            assertEquals(Boolean.TRUE, Json.at(found, "publish"), () -> "package " + name + " is not public");
        }
    }

    @When("^I invoke \"(/[^\"]+)\" blocking with the body (\\{.*\\})$")
    public void invokeQualified(String qualified, String body) {
        world.remember(world.json(body).post(actionPath(qualified) + "?blocking=true"));
    }

    /** GETs the action, invokes it with its own sampleInput annotation, and finds its sampleOutput in the result. */
    @Then("the action {string} answers its sampleInput with its sampleOutput")
    public void givesSample(String qualified) {
        Response action = world.api().get(actionPath(qualified));
        assertEquals(200, action.statusCode(), () -> qualified + ": " + ResponseSteps.describe(action));
        Object annotations = Json.at(Json.parse(action.asString()), "annotations");
        Object input = Json.keyValue(annotations, "sampleInput");
        Object output = Json.keyValue(annotations, "sampleOutput");
        assertTrue(input instanceof Map<?, ?> && output instanceof Map<?, ?>,
                () -> qualified + " has no sampleInput/sampleOutput annotations: " + Json.write(annotations));
        Response r = world.remember(world.json(JsonOutput.toJson(input))
                .post(actionPath(qualified) + "?blocking=true&result=true"));
        assertEquals(200, r.statusCode(), () -> qualified + ": " + ResponseSteps.describe(r));
        // the examples are partial (cat's leaves out the payload it also returns): every member they show must hold
        Object result = Json.parse(r.asString());
        for (Map.Entry<?, ?> member : ((Map<?, ?>) output).entrySet()) {
            assertTrue(result instanceof Map<?, ?> m && m.containsKey(member.getKey())
                            && Json.same(member.getValue(), m.get(member.getKey())),
                    () -> qualified + " answered " + r.asString() + " for " + Json.write(input)
                            + ", its sampleOutput is " + Json.write(output));
        }
    }

    @Then("the activation result field {string} is a date and time")
    public void resultIsDate(String field) {
        Object value = Json.at(world.body(), "response.result." + field);
        try {
            Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new AssertionError("result field '" + field + "' is not an ISO 8601 date and time: "
                    + ResponseSteps.describe(world.last()), e);
        }
    }

    @Then("the activation result field {string} is the caller's namespace")
    public void resultIsNamespace(String field) {
        assertEquals(world.namespaceName(), Json.at(world.body(), "response.result." + field),
                () -> "result field '" + field + "': " + ResponseSteps.describe(world.last()));
    }

    /**
     * {@code $NS} in {@code path} stands for the caller's namespace. The host is what the target gives its actions
     * as {@code __OW_API_HOST}, which the suite cannot know: it must only be there.
     */
    @Then("the activation result field {string} is a host followed by {string}")
    public void resultIsUrl(String field, String path) {
        String expected = path.replace("$NS", world.namespaceName());
        Object value = Json.at(world.body(), "response.result." + field);
        assertTrue(value instanceof String url && url.endsWith(expected) && url.length() > expected.length(),
                () -> "result field '" + field + "' should be a host followed by " + expected + ": "
                        + ResponseSteps.describe(world.last()));
    }

    @Given("the sequence {string} of the catalog actions {string}")
    public void catalogSequence(String logical, String components) {
        String name = world.name(logical);
        Map<String, Object> body = Map.of("exec", Map.of("kind", "sequence", "components", split(components)));
        Response r = actions.put(name, JsonOutput.toJson(body), false);
        assertEquals(200, r.statusCode(), () -> "creating sequence '" + logical + "': " + ResponseSteps.describe(r));
    }

    static String actionPath(String qualified) {
        String[] parts = qualified.substring(1).split("/", 2);
        return "/api/v1/namespaces/" + parts[0] + "/actions/" + parts[1];
    }

    private static List<String> split(String names) {
        return new ArrayList<>(Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
}
