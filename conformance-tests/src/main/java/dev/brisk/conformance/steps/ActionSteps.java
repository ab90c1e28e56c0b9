package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.brisk.conformance.support.CacheWindow;
import dev.brisk.conformance.support.ClaimedRuntime;
import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Create, read, update, delete and list actions. */
public class ActionSteps {

    /** Code stored by scenarios that never run the action (valid JavaScript, stored as text for any kind). */
    static final String DEFAULT_CODE = "function main(params) { return params; }";

    private final World world;

    public ActionSteps(World world) {
        this.world = world;
    }

    static String kindOf(String runtime) {
        return runtime + ":default";
    }

    /** PUT an action under its name as sent; records it for cleanup. */
    Response put(String actionName, String body, boolean overwrite) {
        world.created(actionName);
        var spec = world.json(body).pathParam("ns", world.ns()).pathParam("name", actionName);
        if (overwrite) {
            spec = spec.queryParam("overwrite", "true");
        }
        Response r = world.remember(spec.put(world.actionPath()));
        if (overwrite) {
            world.wrote(r, CacheWindow.sameRevisionAs(r), "actions", actionName);
        }
        return r;
    }

    static String body(String kind, String code, String parameters, String limits) {
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("kind", kind);
        exec.put("code", code);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("exec", exec);
        if (parameters != null) {
            Map<?, ?> p = (Map<?, ?>) Json.parse(parameters);
            List<Map<String, Object>> kv = new ArrayList<>();
            p.forEach((k, v) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("key", k);
                e.put("value", v);
                kv.add(e);
            });
            b.put("parameters", kv);
        }
        if (limits != null) {
            b.put("limits", Json.parse(limits));
        }
        return JsonOutput.toJson(b);
    }

    Response create(String logical, String kind, String code, String parameters, String limits, boolean overwrite) {
        String name = world.name(logical);
        world.code(name, code);
        return put(name, body(kind, code, parameters, limits), overwrite);
    }

    private void mustSucceed(String what) {
        Response r = world.last();
        assertEquals(200, r.statusCode(), () -> what + " failed: " + ResponseSteps.describe(r));
    }

    // ------------------------------------------------------------------ Given (setup, asserted)

    @Given("the action {string} exists")
    public void actionExists(String logical) {
        create(logical, world.config().defaultKind(), DEFAULT_CODE, null, null, false);
        mustSucceed("creating action '" + logical + "'");
    }

    /** An action in the runtime the target claims (scenarios tagged {@code @any-runtime}). */
    @Given("an action {string} in the claimed runtime that returns its parameters")
    public void claimedRuntimeEcho(String logical) {
        claimedRuntimeEchoWithParameters(logical, null);
    }

    @Given("^an action \"([^\"]*)\" in the claimed runtime with parameters (\\{.*\\}) that returns its parameters$")
    public void claimedRuntimeEchoWithParameters(String logical, String parameters) {
        String family = claimedFamily();
        create(logical, kindOf(family), ClaimedRuntime.Behaviour.RETURNS_ITS_PARAMETERS.code(family), parameters, null,
                false);
        mustSucceed("creating " + family + " action '" + logical + "'");
    }

    /** The family {@code @any-runtime} scenarios use; the hooks skip them where there is none. */
    String claimedFamily() {
        String family = ClaimedRuntime.family(world.config());
        if (family == null) {
            throw new IllegalStateException("the target claims no runtime the suite can write code for; tag the"
                    + " scenario @any-runtime so it is skipped");
        }
        return family;
    }

    /** ACT-014: more actions than a default list page holds, named {@code <prefix>-1} to {@code <prefix>-<count>}. */
    @Given("{int} actions named {string} with a number exist")
    public void manyActions(int count, String prefix) {
        for (int i = 1; i <= count; i++) {
            actionExists(prefix + "-" + i);
        }
    }

    @Given("a(n) {runtime} action {string} with code:")
    public void runtimeAction(String runtime, String logical, String code) {
        create(logical, kindOf(runtime), code, null, null, false);
        mustSucceed("creating " + runtime + " action '" + logical + "'");
    }

    @Given("^an? (nodejs|python) action \"([^\"]*)\" with parameters (\\{.*\\}) and code:$")
    public void runtimeActionWithParameters(String runtime, String logical, String parameters, String code) {
        create(logical, kindOf(runtime), code, parameters, null, false);
        mustSucceed("creating " + runtime + " action '" + logical + "'");
    }

    @Given("^an? (nodejs|python) action \"([^\"]*)\" annotated (\\[.*\\]) with code:$")
    public void runtimeActionAnnotated(String runtime, String logical, String annotations, String code) {
        String name = world.name(logical);
        world.code(name, code);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exec", Map.of("kind", kindOf(runtime), "code", code));
        body.put("annotations", Json.parse(annotations));
        put(name, groovy.json.JsonOutput.toJson(body), false);
        mustSucceed("creating " + runtime + " action '" + logical + "'");
    }

    @Given("^an? (nodejs|python) action \"([^\"]*)\" with limits (\\{.*\\}) and code:$")
    public void runtimeActionWithLimits(String runtime, String logical, String limits, String code) {
        create(logical, kindOf(runtime), code, null, limits, false);
        mustSucceed("creating " + runtime + " action '" + logical + "'");
    }

    // ------------------------------------------------------------------ When

    @When("I create the {runtime} action {string} with code:")
    public void createRuntimeAction(String runtime, String logical, String code) {
        create(logical, kindOf(runtime), code, null, null, false);
    }

    @When("I create the action {string}")
    public void createAction(String logical) {
        create(logical, world.config().defaultKind(), DEFAULT_CODE, null, null, false);
    }

    @When("^I create the action \"([^\"]*)\" with parameters (\\{.*\\})$")
    public void createActionWithParameters(String logical, String parameters) {
        create(logical, world.config().defaultKind(), DEFAULT_CODE, parameters, null, false);
    }

    @When("^I create the action \"([^\"]*)\" with limits (\\{.*\\})$")
    public void createActionWithLimits(String logical, String limits) {
        create(logical, world.config().defaultKind(), DEFAULT_CODE, null, limits, false);
    }

    @When("I create the action {string} again without overwrite")
    public void createAgain(String logical) {
        create(logical, world.config().defaultKind(), "function main() { return {again: true}; }", null, null,
                false);
    }

    /** ACT-023: an update whose body leaves out exec, parameters and limits. */
    @When("^I update the action \"([^\"]*)\" with overwrite and the body (\\{.*\\})$")
    public void updateWithBody(String logical, String body) {
        put(world.name(logical), body, true);
    }

    @When("I update the action {string} with overwrite and code:")
    public void update(String logical, String code) {
        create(logical, world.config().defaultKind(), code, null, null, true);
    }

    /** ACT-050: a body with only {@code exec}, of the family's {@code :default} kind. */
    @When("I update the action {string} with overwrite and {runtime} code:")
    public void updateToRuntime(String logical, String runtime, String code) {
        create(logical, kindOf(runtime), code, null, null, true);
    }

    @When("I create the action {string} with the body:")
    public void createWithBody(String logical, String body) {
        put(world.name(logical), body, false);
    }

    @When("I create the action {string} with an empty body of content type {string}")
    public void createWithContentType(String logical, String contentType) {
        String name = world.name(logical);
        world.created(name);
        world.remember(world.api().contentType(contentType).body("").pathParam("ns", world.ns())
                .pathParam("name", name).put(world.actionPath()));
    }

    @When("I create an action with the literal name {string}")
    public void createLiteral(String name) {
        String literal = name.replace("{space}", " ");
        world.code(literal, DEFAULT_CODE);
        put(literal, body(world.config().defaultKind(), DEFAULT_CODE, null, null), false);
    }

    @When("I create an action whose name is {int} characters long")
    public void createLong(int length) {
        StringBuilder sb = new StringBuilder(World.PREFIX + world.suffix() + "-");
        while (sb.length() < length) {
            sb.append('x');
        }
        String name = sb.substring(0, length);
        world.code(name, DEFAULT_CODE);
        put(name, body(world.config().defaultKind(), DEFAULT_CODE, null, null), false);
    }

    @When("I get the action {string}")
    public void get(String logical) {
        world.settleWrites();
        world.remember(world.api().pathParam("ns", world.ns()).pathParam("name", world.name(logical))
                .get(world.actionPath()));
    }

    @When("I get the action {string} with the query {string}")
    public void getWithQuery(String logical, String query) {
        world.settleWrites();
        world.remember(world.api().pathParam("ns", world.ns()).pathParam("name", world.name(logical))
                .get(world.actionPath() + "?" + query));
    }

    @When("I get the action {string} in the namespace {string}")
    public void getIn(String logical, String namespaceTemplate) {
        world.settleWrites();
        String ns = namespaceTemplate.equals("{namespace}") ? world.namespaceName() : namespaceTemplate;
        world.remember(world.api().pathParam("ns", ns).pathParam("name", world.name(logical))
                .get(world.actionPath()));
    }

    @When("I delete the action {string}")
    public void delete(String logical) {
        Response r = world.remember(world.api().pathParam("ns", world.ns()).pathParam("name", world.name(logical))
                .delete(world.actionPath()));
        world.wrote(r, CacheWindow.gone(), "actions", world.name(logical));
    }

    @When("I list the actions")
    public void list() {
        world.remember(world.api().pathParam("ns", world.ns()).get(world.actionsPath()));
    }

    @When("I list the actions with the query {string}")
    public void listWithQuery(String query) {
        world.remember(world.api().pathParam("ns", world.ns()).get(world.actionsPath() + "?" + query));
    }

    // ------------------------------------------------------------------ Then

    /** ACT-003: identity fields of the action {@code logical}. */
    @Then("the response is the action {string}")
    public void isTheAction(String logical) {
        isActionNamed(world.name(logical));
    }

    @Then("the response is the action with the literal name {string}")
    public void isActionNamed(String name) {
        Response r = world.last();
        assertEquals(200, r.statusCode(), () -> "expected 200: " + ResponseSteps.describe(r));
        Object body = world.body();
        assertInstanceOf(Map.class, body, "expected the action as a JSON object");
        assertEquals(name, Json.at(body, "name"), "name");
        assertEquals(world.namespaceName(), Json.at(body, "namespace"), "namespace");
        assertInstanceOf(String.class, Json.at(body, "version"), "version must be a string");
        assertEquals(Boolean.FALSE, Json.at(body, "publish"), "publish");
        assertInstanceOf(Number.class, Json.at(body, "updated"), "updated must be a number (epoch ms)");
        assertInstanceOf(List.class, Json.at(body, "annotations"), "annotations must be an array");
        assertInstanceOf(List.class, Json.at(body, "parameters"), "parameters must be an array");
        assertInstanceOf(Map.class, Json.at(body, "limits"), "limits must be an object");
        assertInstanceOf(Map.class, Json.at(body, "exec"), "exec must be an object");
    }

    @Then("the response is the action whose name is {int} characters long")
    public void isLongAction(int length) {
        Object name = Json.at(world.body(), "name");
        assertInstanceOf(String.class, name, "name");
        assertEquals(length, ((String) name).length(), "name length");
        isActionNamed((String) name);
    }

    @Then("the action code is the code submitted for {string}")
    public void codeIsSubmitted(String logical) {
        String expected = world.code(world.name(logical));
        assertEquals(expected, Json.at(world.body(), "exec.code"), "exec.code must be exactly the submitted code");
        assertEquals(Boolean.FALSE, Json.at(world.body(), "exec.binary"), "exec.binary must be false for source text");
    }

    /** ACT-008: exec.kind and the "exec" annotation name the concrete kind of the family. */
    @Then("the action kind is the concrete default kind of {string}")
    public void concreteKind(String family) {
        String fam = family.equals("the configured default kind") ? world.config().defaultKind() : family;
        if (fam.contains(":")) {
            fam = fam.substring(0, fam.indexOf(':'));
        }
        Object kind = Json.at(world.body(), "exec.kind");
        assertInstanceOf(String.class, kind, "exec.kind must be a string");
        String k = (String) kind;
        String f = fam;
        assertTrue(k.startsWith(fam + ":"), () -> "exec.kind '" + k + "' is not a " + f + " kind");
        assertNotEquals(fam + ":default", k, "exec.kind must be the resolved kind, not the ':default' alias");
        assertEquals(k, Json.keyValue(Json.at(world.body(), "annotations"), "exec"),
                "the 'exec' annotation must equal exec.kind");
    }

    @Then("the configured default kind's action kind is concrete")
    public void defaultKindConcrete() {
        concreteKind("the configured default kind");
    }

    @Then("the response names the actions {string}, {string} and {string} in this order")
    public void namesInOrder(String a, String b, String c) {
        List<String> expected = List.of(world.name(a), world.name(b), world.name(c));
        List<?> list = assertInstanceOf(List.class, world.body(), "expected a JSON array");
        List<Object> names = new ArrayList<>();
        for (Object o : list) {
            names.add(Json.at(o, "name"));
        }
        assertEquals(expected, names, "actions listed (newest first)");
    }

    @Then("the response includes the action {string}")
    public void includesOne(String logical) {
        List<?> list = assertInstanceOf(List.class, world.body(), "expected a JSON array");
        assertTrue(list.stream().anyMatch(o -> world.name(logical).equals(Json.at(o, "name"))),
                () -> "list lacks action '" + world.name(logical) + "'");
    }

    @Then("the response includes the actions {string}, {string} and {string}")
    public void includes(String a, String b, String c) {
        List<?> list = assertInstanceOf(List.class, world.body(), "expected a JSON array");
        var names = new HashSet<Object>();
        for (Object o : list) {
            names.add(Json.at(o, "name"));
        }
        for (String l : List.of(a, b, c)) {
            assertTrue(names.contains(world.name(l)), () -> "list lacks action '" + world.name(l) + "'");
        }
    }

    @Then("the response entries are the entries {int} to {int} of the previous list")
    public void entriesOfPrevious(int from, int to) {
        List<?> prev = assertInstanceOf(List.class, Json.parse(world.previous().asString()), "previous list");
        List<?> cur = assertInstanceOf(List.class, world.body(), "expected a JSON array");
        List<Object> expected = new ArrayList<>();
        for (int i = from - 1; i < to && i < prev.size(); i++) {
            expected.add(Json.at(prev.get(i), "name"));
        }
        List<Object> actual = new ArrayList<>();
        for (Object o : cur) {
            actual.add(Json.at(o, "name"));
        }
        assertEquals(expected, actual, "names listed with skip");
    }

    /** ACT-012: every list entry is a summary without code. */
    @Then("every listed action is a summary without code")
    public void summaries() {
        List<?> list = assertInstanceOf(List.class, world.body(), "expected a JSON array");
        for (Object o : list) {
            for (String f : List.of("namespace", "name", "version", "publish", "annotations", "limits", "updated",
                    "exec.binary")) {
                assertTrue(Json.at(o, f) != Json.MISSING, () -> "list entry lacks '" + f + "': " + Json.write(o));
            }
            assertTrue(Json.at(o, "exec.code") == Json.MISSING,
                    () -> "list entries must not include exec.code: " + Json.write(o));
        }
    }
}
