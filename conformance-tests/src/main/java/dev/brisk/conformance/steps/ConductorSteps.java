package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.restassured.response.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conductor actions (CND-): actions annotated {@code conductor: true}. Their code names the components it runs; as
 * every name in a scenario is made unique, the code writes {@code {name:triple}} for the action the scenario calls
 * "triple", and the step puts in its name as sent to the target ({@link World#expand}).
 */
public class ConductorSteps {
    /** OpenWhisk's default {@code actionSequenceLimit}, for a target that does not report its own. */

    private final World world;
    private final ActionSteps actions;

    public ConductorSteps(World world, ActionSteps actions) {
        this.world = world;
        this.actions = actions;
    }

    @Given("a(n) {runtime} conductor action {string} with code:")
    public void conductor(String runtime, String logical, String code) {
        create(logical, runtime, code);
    }

    @Given("a sequence {string} of the actions {string} annotated as a conductor")
    public void conductorSequence(String logical, String components) {
        List<String> names = java.util.Arrays.stream(components.split(","))
                .map(String::trim).map(c -> "/_/" + world.name(c)).toList();
        Map<String, Object> body = Map.of(
                "exec", Map.of("kind", "sequence", "components", names),
                "annotations", List.of(Map.of("key", "conductor", "value", true)));
        String name = world.name(logical);
        Response r = actions.put(name, JsonOutput.toJson(body), false);
        assertEquals(200, r.statusCode(), () -> "creating sequence '" + logical + "' failed: "
                + ResponseSteps.describe(r));
    }

    /** The text with {name:LOGICAL} and {namespace} filled in (World.expand), for a result the target builds. */
    @Then("the activation result field {string} is the text {string}")
    public void resultFieldText(String field, String template) {
        Object actual = Json.at(world.body(), "response.result." + field);
        assertEquals(world.expand(template), actual, () -> "result field '" + field + "': "
                + ResponseSteps.describe(world.last()));
    }

    /** CND-008: the target's sequence length limit ({@code GET /} {@code limits.sequence_length}; OpenWhisk's 50). */
    @Then("the activation result field {string} is the target's maximum sequence length")
    public void resultFieldSequenceLength(String field) {
        long expected = dev.brisk.conformance.support.TargetLimits.sequenceLength(world);
        Object actual = Json.at(world.body(), "response.result." + field);
        assertEquals(expected, actual instanceof Number n ? n.longValue() : actual, () -> "result field '" + field
                + "' (the target's sequence length is " + expected + "): " + ResponseSteps.describe(world.last()));
    }

    private void create(String logical, String runtime, String code) {
        String resolved = world.expand(code);
        String name = world.name(logical);
        world.code(name, resolved);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exec", Map.of("kind", ActionSteps.kindOf(runtime), "code", resolved));
        body.put("annotations", List.of(Map.of("key", "conductor", "value", true)));
        Response r = actions.put(name, JsonOutput.toJson(body), false);
        assertEquals(200, r.statusCode(), () -> "creating conductor action '" + logical + "' failed: "
                + ResponseSteps.describe(r));
    }
}
