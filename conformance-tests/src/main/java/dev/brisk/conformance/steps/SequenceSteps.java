package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.response.Response;

/** Sequences: creating them from logical action names, and the sequence and component activation records. */
public class SequenceSteps {

    private final World world;
    private String sequenceActivationId;
    private Object sequenceRecord;

    public SequenceSteps(World world) {
        this.world = world;
    }

    static List<String> logicalNames(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** PUT a sequence whose components are "/_/<unique name>" of the logical names. */
    Response put(String logical, List<String> components, boolean overwrite) {
        List<String> fq = new ArrayList<>();
        for (String c : components) {
            fq.add("/_/" + world.path(c)); // "kit/echo": an action of a package or binding (SEQ-015)
        }
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("kind", "sequence");
        exec.put("components", fq);
        String name = world.name(logical);
        world.created(name);
        var spec = world.json(JsonOutput.toJson(Map.of("exec", exec)));
        if (overwrite) {
            spec = spec.queryParam("overwrite", "true");
        }
        return world.remember(spec.pathParam("ns", world.ns()).pathParam("name", name).put(world.actionPath()));
    }

    @Given("the sequence {string} of the actions {string}")
    public void sequenceExists(String logical, String components) {
        Response r = put(logical, logicalNames(components), false);
        assertEquals(200, r.statusCode(), () -> "creating sequence '" + logical + "' failed: "
                + ResponseSteps.describe(r));
    }

    @When("I create the sequence {string} of the actions {string}")
    public void create(String logical, String components) {
        put(logical, logicalNames(components), false);
    }

    @When("the second identity creates the sequence {string} of my actions {string}")
    public void secondCreates(String logical, String components) {
        List<String> fq = new ArrayList<>();
        for (String c : logicalNames(components)) {
            fq.add("/" + world.namespaceName() + "/" + world.name(c));
        }
        String name = world.name(logical);
        world.createdEntity("actions", true, name); // deleted again should the target wrongly store it
        world.remember(world.send(world.api2().contentType("application/json")
                .body(JsonOutput.toJson(Map.of("exec", Map.of("kind", "sequence", "components", fq)))),
                "PUT", "_", "actions", name));
    }

    /** The second identity PUTs a sequence of one action in a package of the first identity's namespace. */
    private Response secondPutsSequenceOfPackaged(String logical, String action, String pkg) {
        String component = "/" + world.namespaceName() + "/" + world.name(pkg) + "/" + world.name(action);
        String name = world.name(logical);
        world.createdEntity("actions", true, name); // deleted again should the target wrongly store it
        return world.remember(world.send(world.api2().contentType("application/json")
                .body(JsonOutput.toJson(Map.of("exec", Map.of("kind", "sequence", "components", List.of(component))))),
                "PUT", "_", "actions", name));
    }

    @When("the second identity creates the sequence {string} of the action {string} in my package {string}")
    public void secondCreatesOfPackaged(String logical, String action, String pkg) {
        secondPutsSequenceOfPackaged(logical, action, pkg);
    }

    @Given("the second identity has made the sequence {string} of the action {string} in my package {string}")
    public void secondHasMadeOfPackaged(String logical, String action, String pkg) {
        Response r = secondPutsSequenceOfPackaged(logical, action, pkg);
        assertEquals(200, r.statusCode(), () -> "creating sequence '" + logical + "' as the second identity failed: "
                + ResponseSteps.describe(r));
    }

    /** A non-blocking invoke of the second identity's own action: refused cases must not start anything. */
    @When("the second identity invokes its action {string}")
    public void secondInvokesOwn(String logical) {
        Response r = world.remember(world.send(world.api2().contentType("application/json").body("{}"), "POST", "_",
                "actions", world.name(logical)));
        if (r.getHeader(InvokeSteps.ID_HEADER) != null) {
            world.activation(r.getHeader(InvokeSteps.ID_HEADER));
        }
    }

    @When("I create the sequence {string} of the action {string} repeated {int} times")
    public void createRepeated(String logical, String component, int times) {
        put(logical, Collections.nCopies(times, component), false);
    }

    /** SEQ-008: the target's own maximum ({@code GET /} {@code limits.sequence_length}), or one more. */
    @When("I create the sequence {string} of the action {string} repeated the target's maximum sequence length times")
    public void createLongest(String logical, String component) {
        put(logical, Collections.nCopies((int) dev.brisk.conformance.support.TargetLimits.sequenceLength(world),
                component), false);
    }

    @When("I create the sequence {string} of the action {string} repeated once more than the target's maximum sequence length")
    public void createTooLong(String logical, String component) {
        put(logical, Collections.nCopies((int) dev.brisk.conformance.support.TargetLimits.sequenceLength(world) + 1,
                component), false);
    }

    @When("I create the sequence {string} of no actions")
    public void createEmpty(String logical) {
        put(logical, List.of(), false);
    }

    @When("I update the action {string} with overwrite to the sequence of the actions {string}")
    public void updateToSequence(String logical, String components) {
        put(logical, logicalNames(components), true);
    }

    // ------------------------------------------------------------------ Then

    /** SEQ-001: exec.components are "/<namespace>/<name>", in order. */
    @Then("the sequence components are the actions {string} in the caller's namespace")
    public void components(String components) {
        List<String> expected = new ArrayList<>();
        for (String c : logicalNames(components)) {
            expected.add("/" + world.namespaceName() + "/" + world.name(c));
        }
        Object actual = Json.at(world.body(), "exec.components");
        assertTrue(Json.same(actual, expected),
                () -> "exec.components should be " + Json.write(expected) + " but is " + Json.write(actual));
    }

    @Then("the activation annotation {string} is the string {string}")
    public void annotationString(String key, String value) {
        Object annotations = Json.at(world.body(), "annotations");
        assertEquals(value, Json.keyValue(annotations, key),
                () -> "annotation '" + key + "' in " + Json.write(annotations));
    }

    /**
     * SEQ-004: the record's logs are the activation ids of the components that ran, in order; fetches each component
     * record (polling) and checks it is an activation of the expected action.
     */
    @Then("the sequence activation lists the activations of the actions {string} in this order")
    public void lists(String actions) {
        Object record = world.body();
        sequenceRecord = record;
        sequenceActivationId = (String) Json.at(record, "activationId");
        List<String> expected = logicalNames(actions);
        List<?> logs = assertInstanceOf(List.class, Json.at(record, "logs"), "logs must be an array");
        assertEquals(expected.size(), logs.size(),
                () -> "the sequence's logs should hold " + expected.size() + " activation ids: " + Json.write(logs));
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            Object id = logs.get(i);
            assertTrue(id instanceof String s && s.matches(InvokeSteps.ACTIVATION_ID),
                    () -> "logs entries must be activation ids: " + Json.write(logs));
            Response r = world.poll(() -> world.api().get(world.activationsPath() + "/{id}", world.ns(), id),
                    x -> x.statusCode() == 200, World.EVENTUALLY);
            assertEquals(200, r.statusCode(), () -> "component activation " + id + " not found: "
                    + ResponseSteps.describe(r));
            Object rec = Json.parse(r.asString());
            String name = world.name(expected.get(i));
            int n = i + 1;
            assertEquals(name, Json.at(rec, "name"), () -> "component activation " + n + " (" + id + ")");
            records.add(rec);
        }
        world.componentRecords(records);
    }

    /** SEQ-014: the sequence's duration is its components' time, not the time from its start to its end. */
    @Then("the sequence activation's duration is the sum of its listed component activations' durations")
    public void durationIsSum() {
        long sum = 0;
        for (Object rec : world.componentRecords()) {
            Object d = Json.at(rec, "duration");
            assertTrue(d instanceof Number, () -> "component activation without a duration: " + Json.write(rec));
            sum += ((Number) d).longValue();
        }
        long expected = sum;
        Object duration = Json.at(sequenceRecord, "duration");
        assertTrue(duration instanceof Number, () -> "sequence activation without a duration: "
                + Json.write(sequenceRecord));
        assertEquals(expected, ((Number) duration).longValue(),
                () -> "the sequence's duration should be the sum of its components' (" + expected + "): "
                        + Json.write(sequenceRecord));
    }

    @Then("each listed component activation has the sequence activation as its cause")
    public void causes() {
        for (Object rec : world.componentRecords()) {
            assertEquals(sequenceActivationId, Json.at(rec, "cause"),
                    () -> "cause of component activation " + Json.at(rec, "activationId"));
        }
    }

    @Then("^each listed component activation has the annotation \"([^\"]*)\" with the value (.+)$")
    public void eachAnnotation(String key, String json) {
        for (int i = 1; i <= world.componentRecords().size(); i++) {
            componentAnnotation(i, key, json);
        }
    }

    @Then("^the listed component activation (\\d+) has the annotation \"([^\"]*)\" with the value (.+)$")
    public void componentAnnotation(int n, String key, String json) {
        assertTrue(n >= 1 && n <= world.componentRecords().size(), () -> "no listed component activation " + n);
        Object rec = world.componentRecords().get(n - 1);
        Object annotations = Json.at(rec, "annotations");
        Object actual = Json.keyValue(annotations, key);
        assertTrue(Json.same(actual, Json.parse(json)), () -> "annotation '" + key + "' of component activation "
                + n + " should be " + json + " but is " + Json.write(actual) + " in " + Json.write(annotations));
    }
}
