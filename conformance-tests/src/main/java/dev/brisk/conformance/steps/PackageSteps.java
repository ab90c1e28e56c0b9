package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Packages, bindings, actions in packages, and access to public packages from a second namespace. */
public class PackageSteps {

    private final World world;

    public PackageSteps(World world) {
        this.world = world;
    }

    // ------------------------------------------------------------------ helpers

    Response putPackage(RequestSpecification as, boolean second, String name, Map<String, Object> body,
            boolean overwrite) {
        world.createdEntity("packages", second, name);
        RequestSpecification spec = as.contentType("application/json").body(JsonOutput.toJson(body));
        if (overwrite) {
            spec = spec.queryParam("overwrite", "true");
        }
        Response r = world.remember(world.send(spec, "PUT", second ? "_" : world.ns(),
                "packages", name));
        if (overwrite && !second) {
            world.wrote(r, CacheWindow.sameRevisionAs(r), "packages", name);
        }
        return r;
    }

    private Response putPackage(String logical, String parameters, Boolean publish, boolean overwrite) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (parameters != null) {
            body.put("parameters", TriggerSteps.keyValues(parameters));
        }
        if (publish != null) {
            body.put("publish", publish);
        }
        return putPackage(world.api(), false, world.name(logical), body, overwrite);
    }

    private Response putBinding(String logical, String namespace, String packageName, String parameters,
            boolean overwrite) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("binding", Map.of("namespace", namespace, "name", packageName));
        if (parameters != null) {
            body.put("parameters", TriggerSteps.keyValues(parameters));
        }
        return putPackage(world.api(), false, world.name(logical), body, overwrite);
    }

    /** PUT an action into a package (or through a binding), recording it for cleanup. */
    Response putAction(String pkgLogical, String logical, String kind, String code, String parameters,
            Map<String, Object> annotations) {
        String pkg = world.name(pkgLogical);
        String name = world.name(logical);
        world.createdEntity("actions", false, pkg, name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exec", Map.of("kind", kind, "code", code));
        if (parameters != null) {
            body.put("parameters", TriggerSteps.keyValues(parameters));
        }
        if (annotations != null) {
            body.put("annotations", TriggerSteps.keyValues(JsonOutput.toJson(annotations)));
        }
        return world.remember(world.send(world.json(JsonOutput.toJson(body)), "PUT", world.ns(), "actions", pkg,
                name));
    }

    private static void mustSucceed(Response r, String what) {
        assertEquals(200, r.statusCode(), () -> what + " failed: " + ResponseSteps.describe(r));
    }

    private Response invokeIn(RequestSpecification spec, String namespace, String pkg, String name, String query,
            String body) {
        world.settleWrites();
        Response r = world.remember(world.send(spec.contentType("application/json").body(body)
                .queryParams(queryMap(query)), "POST", namespace, "actions", pkg, name));
        String header = r.getHeader(InvokeSteps.ID_HEADER);
        if (header != null) {
            world.activation(header);
        } else {
            try {
                if (Json.at(Json.parse(r.asString()), "activationId") instanceof String id) {
                    world.activation(id);
                }
            } catch (AssertionError notJson) {
                // not every response carries an activation
            }
        }
        return r;
    }

    private static Map<String, String> queryMap(String query) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    // ------------------------------------------------------------------ Given

    @Given("the package {string} exists")
    public void exists(String logical) {
        mustSucceed(putPackage(logical, null, null, false), "creating package '" + logical + "'");
    }

    @Given("^the package \"([^\"]*)\" exists with parameters (\\{.*\\})$")
    public void existsWith(String logical, String parameters) {
        mustSucceed(putPackage(logical, parameters, null, false), "creating package '" + logical + "'");
    }

    @Given("the public package {string} exists")
    public void publicExists(String logical) {
        mustSucceed(putPackage(logical, null, true, false), "creating public package '" + logical + "'");
    }

    @Given("^the public package \"([^\"]*)\" exists with parameters (\\{.*\\})$")
    public void publicExistsWith(String logical, String parameters) {
        mustSucceed(putPackage(logical, parameters, true, false), "creating public package '" + logical + "'");
    }

    @Given("the action {string} exists in the package {string}")
    public void actionExists(String logical, String pkg) {
        mustSucceed(putAction(pkg, logical, world.config().defaultKind(), ActionSteps.DEFAULT_CODE, null, null),
                "creating action '" + logical + "' in package '" + pkg + "'");
    }

    @Given("^an? (nodejs|python) action \"([^\"]*)\" in the package \"([^\"]*)\" with parameters (\\{.*\\}) and code:$")
    public void runtimeActionIn(String runtime, String logical, String pkg, String parameters, String code) {
        mustSucceed(putAction(pkg, logical, ActionSteps.kindOf(runtime), code, parameters, null),
                "creating " + runtime + " action '" + logical + "' in package '" + pkg + "'");
    }

    /** An action in the runtime the target claims (scenarios tagged {@code @any-runtime}). */
    @Given("^an action \"([^\"]*)\" in the package \"([^\"]*)\" in the claimed runtime with parameters (\\{.*\\}) that returns its parameters$")
    public void claimedRuntimeEchoIn(String logical, String pkg, String parameters) {
        String family = ClaimedRuntime.family(world.config());
        assertNotNull(family, "the target claims no runtime the suite can write code for; tag the scenario @any-runtime");
        mustSucceed(putAction(pkg, logical, ActionSteps.kindOf(family),
                ClaimedRuntime.Behaviour.RETURNS_ITS_PARAMETERS.code(family), parameters, null),
                "creating " + family + " action '" + logical + "' in package '" + pkg + "'");
    }

    @Given("the binding {string} to the package {string} exists")
    public void bindingExists(String logical, String pkg) {
        mustSucceed(putBinding(logical, "_", world.name(pkg), null, false), "creating binding '" + logical + "'");
    }

    @Given("the public binding {string} to the package {string} exists")
    public void publicBindingExists(String logical, String pkg) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("binding", Map.of("namespace", "_", "name", world.name(pkg)));
        body.put("publish", true);
        mustSucceed(putPackage(world.api(), false, world.name(logical), body, false),
                "creating public binding '" + logical + "'");
    }

    @Given("^the binding \"([^\"]*)\" to the package \"([^\"]*)\" exists with parameters (\\{.*\\})$")
    public void bindingExistsWith(String logical, String pkg, String parameters) {
        mustSucceed(putBinding(logical, "_", world.name(pkg), parameters, false),
                "creating binding '" + logical + "'");
    }

    // ------------------------------------------------------------------ When

    @When("I create the package {string}")
    public void create(String logical) {
        putPackage(logical, null, null, false);
    }

    @When("I create a package with the literal name {string}")
    public void createLiteral(String name) {
        putPackage(world.api(), false, name, Map.of(), false);
    }

    @When("^I update the package \"([^\"]*)\" with overwrite and parameters (\\{.*\\})$")
    public void update(String logical, String parameters) {
        putPackage(logical, parameters, null, true);
    }

    @When("I update the package {string} with overwrite to a binding to the package {string}")
    public void updateToBinding(String logical, String pkg) {
        putBinding(logical, "_", world.name(pkg), null, true);
    }

    @When("I create the binding {string} to the package {string}")
    public void createBinding(String logical, String pkg) {
        putBinding(logical, "_", world.name(pkg), null, false);
    }

    @When("I unpublish the package {string}")
    public void unpublish(String logical) {
        putPackage(logical, null, false, true);
    }

    @When("I get the package {string}")
    public void get(String logical) {
        world.settleWrites();
        world.remember(world.send(world.api(), "GET", world.ns(), "packages", world.name(logical)));
    }

    @When("I list the packages with the query {string}")
    public void list(String query) {
        world.remember(world.api().get("/api/v1/namespaces/{ns}/packages?" + query, world.ns()));
    }

    @When("I delete the package {string}")
    public void delete(String logical) {
        Response r = world.remember(world.send(world.api(), "DELETE", world.ns(), "packages", world.name(logical)));
        world.wrote(r, CacheWindow.gone(), "packages", world.name(logical));
    }

    @When("I delete the package {string} with force")
    public void deleteForce(String logical) {
        Response r = world.remember(world.send(world.api().queryParam("force", "true"), "DELETE", world.ns(),
                "packages", world.name(logical)));
        world.wrote(r, CacheWindow.gone(), "packages", world.name(logical));
    }

    @When("I create the action {string} in the package {string}")
    public void createActionIn(String logical, String pkg) {
        putAction(pkg, logical, world.config().defaultKind(), ActionSteps.DEFAULT_CODE, null, null);
    }

    @When("I get the action {string} in the package {string}")
    public void getActionIn(String logical, String pkg) {
        world.settleWrites();
        world.remember(world.send(world.api(), "GET", world.ns(), "actions", world.name(pkg), world.name(logical)));
    }

    @When("I delete the action {string} in the package {string}")
    public void deleteActionIn(String logical, String pkg) {
        Response r = world.remember(world.send(world.api(), "DELETE", world.ns(), "actions", world.name(pkg),
                world.name(logical)));
        world.wrote(r, CacheWindow.gone(), "actions", world.name(pkg), world.name(logical));
    }

    @When("^I invoke the action \"([^\"]*)\" in the package \"([^\"]*)\" blocking with the body (\\{.*\\})$")
    public void invokeIn(String logical, String pkg, String body) {
        invokeIn(world.api(), world.ns(), world.name(pkg), world.name(logical), "blocking=true", body);
    }

    // ------------------------------------------------------------------ second identity

    @When("the second identity gets the package {string} of my namespace")
    public void secondGets(String logical) {
        world.settleWrites();
        world.remember(world.send(world.api2(), "GET", world.namespaceName(), "packages", world.name(logical)));
    }

    @When("the second identity lists the packages of my namespace")
    public void secondLists() {
        world.settleWrites();
        world.remember(world.api2().get("/api/v1/namespaces/{ns}/packages?limit=200", world.namespaceName()));
    }

    @When("^the second identity invokes the action \"([^\"]*)\" in the package \"([^\"]*)\" of my namespace blocking for the result with the body (\\{.*\\})$")
    public void secondInvokes(String logical, String pkg, String body) {
        invokeIn(world.api2(), world.namespaceName(), world.name(pkg), world.name(logical),
                "blocking=true&result=true", body);
    }

    @When("^the second identity binds \"([^\"]*)\" to the package \"([^\"]*)\" of my namespace with parameters (\\{.*\\})$")
    public void secondBinds(String logical, String pkg, String parameters) {
        secondBind(logical, pkg, parameters);
    }

    @When("the second identity gets the action {string} in the package {string} of my namespace")
    public void secondGetsAction(String logical, String pkg) {
        world.settleWrites();
        world.remember(world.send(world.api2(), "GET", world.namespaceName(), "actions", world.name(pkg),
                world.name(logical)));
    }

    @When("the second identity lists the actions of the package {string} of my namespace")
    public void secondListsActions(String pkg) {
        world.settleWrites();
        world.remember(world.api2().get("/api/v1/namespaces/{ns}/actions/{pkg}/", world.namespaceName(),
                world.name(pkg)));
    }

    /** A non-blocking invoke with an empty body: refused cases must not start anything. */
    @When("the second identity invokes the action {string} in the package {string} of my namespace")
    public void secondInvokesNonBlocking(String logical, String pkg) {
        invokeIn(world.api2(), world.namespaceName(), world.name(pkg), world.name(logical), "blocking=false", "{}");
    }

    @When("the second identity binds {string} to the package {string} of my namespace")
    public void secondBindsPlain(String logical, String pkg) {
        secondBind(logical, pkg, null);
    }

    @Given("the second identity has bound {string} to the package {string} of my namespace")
    public void secondHasBound(String logical, String pkg) {
        mustSucceed(secondBind(logical, pkg, null), "binding '" + logical + "' as the second identity");
    }

    private Response secondBind(String logical, String pkg, String parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("binding", Map.of("namespace", world.namespaceName(), "name", world.name(pkg)));
        if (parameters != null) {
            body.put("parameters", TriggerSteps.keyValues(parameters));
        }
        String name = world.name(logical);
        world.createdEntity("packages", true, name); // deleted again should the target wrongly store it
        return world.remember(world.send(world.api2().contentType("application/json").body(JsonOutput.toJson(body)),
                "PUT", "_", "packages", name));
    }

    @When("the second identity gets its package {string}")
    public void secondGetsOwn(String logical) {
        world.settleWrites();
        world.remember(world.send(world.api2(), "GET", "_", "packages", world.name(logical)));
    }

    @When("the second identity gets the action {string} in its package {string}")
    public void secondGetsActionInOwn(String logical, String pkg) {
        world.remember(world.send(world.api2(), "GET", "_", "actions", world.name(pkg), world.name(logical)));
    }

    @When("the second identity invokes the action {string} in its package {string}")
    public void secondInvokesInOwnNonBlocking(String logical, String pkg) {
        invokeIn(world.api2(), "_", world.name(pkg), world.name(logical), "blocking=false", "{}");
    }

    @When("^the second identity invokes the action \"([^\"]*)\" in its package \"([^\"]*)\" blocking for the result with the body (\\{.*\\})$")
    public void secondInvokesOwn(String logical, String pkg, String body) {
        invokeIn(world.api2(), "_", world.name(pkg), world.name(logical), "blocking=true&result=true", body);
    }

    // ------------------------------------------------------------------ Then

    /** PKG-001: identity fields of a package (owned by the first identity). */
    @Then("the response is the package {string}")
    public void isPackage(String logical) {
        Response r = world.last();
        assertEquals(200, r.statusCode(), () -> "expected 200: " + ResponseSteps.describe(r));
        Object b = assertInstanceOf(Map.class, world.body(), "expected the package as a JSON object");
        assertEquals(world.name(logical), Json.at(b, "name"), "name");
        assertEquals(world.namespaceName(), Json.at(b, "namespace"), "namespace");
        assertInstanceOf(String.class, Json.at(b, "version"), "version must be a string");
        assertInstanceOf(Boolean.class, Json.at(b, "publish"), "publish must be a boolean");
        assertInstanceOf(List.class, Json.at(b, "parameters"), "parameters must be an array");
        assertInstanceOf(List.class, Json.at(b, "annotations"), "annotations must be an array");
    }

    /** PKG-010: binding member and annotation. */
    @Then("the response is the binding {string} to the package {string}")
    public void isBinding(String logical, String pkg) {
        isPackage(logical);
        Map<String, Object> expected = Map.of("namespace", world.namespaceName(), "name", world.name(pkg));
        Object binding = Json.at(world.body(), "binding");
        assertTrue(Json.same(binding, expected),
                () -> "binding should be " + Json.write(expected) + " but is " + Json.write(binding));
        Object annotation = Json.keyValue(Json.at(world.body(), "annotations"), "binding");
        assertTrue(Json.same(annotation, expected), () -> "annotation 'binding' should be " + Json.write(expected)
                + " but is " + Json.write(annotation));
    }

    @Then("the package lists the action {string}")
    public void listsAction(String logical) {
        List<?> actions = assertInstanceOf(List.class, Json.at(world.body(), "actions"),
                () -> "the package must have an 'actions' array: " + ResponseSteps.describe(world.last()));
        assertTrue(actions.stream().anyMatch(a -> world.name(logical).equals(Json.at(a, "name"))),
                () -> "'actions' lacks '" + world.name(logical) + "': " + Json.write(actions));
    }

    private boolean listed(String logical) {
        List<?> list = assertInstanceOf(List.class, world.body(),
                () -> "expected a JSON array: " + ResponseSteps.describe(world.last()));
        return list.stream().anyMatch(o -> world.name(logical).equals(Json.at(o, "name")));
    }

    @Then("the response includes the packages {string} and {string}")
    public void includesBoth(String a, String b) {
        includes(a);
        includes(b);
    }

    @Then("the response includes the package {string}")
    public void includes(String logical) {
        assertTrue(listed(logical), () -> "list lacks package '" + world.name(logical) + "'");
    }

    @Then("the response does not include the package {string}")
    public void excludes(String logical) {
        assertTrue(!listed(logical), () -> "list must not include package '" + world.name(logical) + "'");
    }

    @Then("the listed package {string} is not a binding")
    public void listedNotBinding(String logical) {
        List<?> list = assertInstanceOf(List.class, world.body(), "expected a JSON array");
        Object entry = list.stream().filter(o -> world.name(logical).equals(Json.at(o, "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("list lacks package '" + world.name(logical) + "'"));
        assertEquals(Boolean.FALSE, Json.at(entry, "binding"), () -> "binding of list entry " + Json.write(entry));
    }

    /** PKG-007: an action in a package has the namespace "<namespace>/<package>". */
    @Then("the response is the action {string} in the package {string}")
    public void isActionIn(String logical, String pkg) {
        Response r = world.last();
        assertEquals(200, r.statusCode(), () -> "expected 200: " + ResponseSteps.describe(r));
        Object b = assertInstanceOf(Map.class, world.body(), "expected the action as a JSON object");
        assertEquals(world.name(logical), Json.at(b, "name"), "name");
        assertEquals(world.namespaceName() + "/" + world.name(pkg), Json.at(b, "namespace"), "namespace");
        assertInstanceOf(Map.class, Json.at(b, "exec"), "exec must be an object");
    }

    @Then("the activation annotation {string} is the path of the action {string} in the package {string}")
    public void pathIn(String key, String logical, String pkg) {
        Object annotations = Json.at(world.body(), "annotations");
        assertEquals(world.namespaceName() + "/" + world.name(pkg) + "/" + world.name(logical),
                Json.keyValue(annotations, key), () -> "annotation '" + key + "' in " + Json.write(annotations));
    }

    @Then("the activation annotation {string} is the qualified name of {string}")
    public void qualified(String key, String logical) {
        Object annotations = Json.at(world.body(), "annotations");
        assertEquals(world.namespaceName() + "/" + world.name(logical), Json.keyValue(annotations, key),
                () -> "annotation '" + key + "' in " + Json.write(annotations));
    }

    @Then("the response field {string} is the name of {string}")
    public void fieldIsName(String path, String logical) {
        assertEquals(world.name(logical), Json.at(world.body(), path),
                () -> "field '" + path + "': " + ResponseSteps.describe(world.last()));
    }
}
