package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Limits (413 sizes, result and log truncation, 429 throttles, the limits route) and the admin API
 * ({@code /admin/v1/namespaces}, Brisk's REST form of wskadmin). Namespaces made through the admin API are deleted,
 * with what the scenario created in them, after the scenario.
 */
public class LimitsSteps {

    /** Tag of scenarios that need the admin API (brisk.admin-auth). */
    static final String ADMIN_API = "@admin-api";
    static final String ADMIN_PATH = "/admin/v1/namespaces";

    private final World world;
    /** Logical namespace name to its current and previous {@code uuid:key}. */
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, String> previousKeys = new LinkedHashMap<>();
    /** Entities created in admin-made namespaces: {logical namespace, collection, name}. */
    private final List<String[]> tenantEntities = new ArrayList<>();
    private long sentBytes;

    public LimitsSteps(World world) {
        this.world = world;
    }

    @Before(order = 1)
    public void requireAdminApi(Scenario scenario) {
        if (scenario.getSourceTagNames().contains(ADMIN_API)) {
            Assumptions.assumeTrue(world.config().adminAuth().isPresent(),
                    "no admin API credentials configured: this scenario sets namespaces and limits through the admin "
                            + "API (brisk.admin-auth, --admin-auth or BRISK_ADMIN_AUTH)");
        }
    }

    @After(order = 25_000)
    public void deleteNamespaces(Scenario scenario) {
        for (String[] e : tenantEntities) {
            try {
                as(e[0]).delete("/api/v1/namespaces/_/" + e[1] + "/{name}", e[2]);
            } catch (Exception ex) { // REST Assured throws ConnectException undeclared
                scenario.log("cleanup: could not delete " + e[1] + " '" + e[2] + "': " + ex);
            }
        }
        for (String logical : keys.keySet()) {
            try {
                admin().delete(ADMIN_PATH + "/{ns}", world.name(logical));
            } catch (Exception ex) {
                scenario.log("cleanup: could not delete namespace '" + logical + "': " + ex);
            }
        }
    }

    // ------------------------------------------------------------------ requests

    private RequestSpecification admin() {
        String[] a = world.config().requireAdminAuth();
        return world.anonymous().auth().preemptive().basic(a[0], a[1]);
    }

    private RequestSpecification as(String logicalNamespace) {
        return withKey(keyOf(logicalNamespace));
    }

    private RequestSpecification withKey(String auth) {
        int colon = auth.indexOf(':');
        return world.apiAs(auth.substring(0, colon), auth.substring(colon + 1));
    }

    private String keyOf(String logicalNamespace) {
        String k = keys.get(logicalNamespace);
        if (k == null) {
            throw new IllegalStateException("namespace '" + logicalNamespace + "' was not created in this scenario");
        }
        return k;
    }

    private Response adminRequest(String method, String suffix, String logical) {
        return world.remember(admin().request(method, ADMIN_PATH + "/{ns}" + suffix, world.name(logical)));
    }

    private void remember(String logical, Response r) {
        if (r.statusCode() == 200 && Json.at(Json.parse(r.asString()), "auth") instanceof String auth) {
            String old = keys.put(logical, auth);
            if (old != null && !old.equals(auth)) {
                previousKeys.put(logical, old);
            }
        }
    }

    private static String padded(String field, int bytes) {
        String prefix = "{\"" + field + "\":\"";
        return prefix + "a".repeat(Math.max(0, bytes - prefix.length() - 2)) + "\"}";
    }

    // ------------------------------------------------------------------ admin API

    @Given("the namespace {string} created through the admin API")
    public void namespaceExists(String logical) {
        Response r = createNamespace(logical);
        assertEquals(200, r.statusCode(), () -> "creating namespace '" + logical + "': " + ResponseSteps.describe(r));
    }

    @When("I create the namespace {string} through the admin API")
    public Response createNamespace(String logical) {
        Response r = adminRequest("PUT", "", logical);
        remember(logical, r);
        return r;
    }

    @Given("^the admin API sets the limits of the namespace \"([^\"]*)\" to (\\{.*\\})$")
    public void setLimits(String logical, String limits) {
        Response r = world.remember(admin().contentType(ContentType.JSON).body(limits)
                .put(ADMIN_PATH + "/{ns}/limits", world.name(logical)));
        assertEquals(200, r.statusCode(), () -> "setting limits of '" + logical + "': " + ResponseSteps.describe(r));
    }

    @When("I get the namespace {string} through the admin API")
    public void getNamespace(String logical) {
        adminRequest("GET", "", logical);
    }

    @When("I list the namespaces through the admin API")
    public void listNamespaces() {
        world.remember(admin().get(ADMIN_PATH));
    }

    @When("I rotate the key of the namespace {string} through the admin API")
    public void rotate(String logical) {
        remember(logical, adminRequest("POST", "/key", logical));
    }

    @When("I block the namespace {string} through the admin API")
    public void block(String logical) {
        adminRequest("POST", "/block", logical);
    }

    @When("I unblock the namespace {string} through the admin API")
    public void unblock(String logical) {
        adminRequest("POST", "/unblock", logical);
    }

    @When("I list the namespaces through the admin API without credentials")
    public void listAnonymously() {
        world.remember(world.anonymous().get(ADMIN_PATH));
    }

    @When("I list the namespaces through the admin API with my namespace's key")
    public void listWithNamespaceKey() {
        world.remember(world.api().get(ADMIN_PATH));
    }

    @When("the namespace {string} sends GET {string}")
    public void namespaceGets(String logical, String path) {
        world.remember(as(logical).get(path));
    }

    @When("the namespace {string} sends GET {string} with its previous key")
    public void namespaceGetsWithOldKey(String logical, String path) {
        String old = previousKeys.get(logical);
        if (old == null) {
            throw new IllegalStateException("the key of '" + logical + "' was not rotated in this scenario");
        }
        world.remember(withKey(old).get(path));
    }

    @Then("the response lists exactly the namespace {string}")
    public void listsExactly(String logical) {
        List<?> list = assertInstanceOf(List.class, world.body(), () -> "expected an array: " + world.last().asString());
        assertEquals(List.of(world.name(logical)), list);
    }

    @Then("the admin listing includes the namespace {string}")
    public void listingIncludes(String logical) {
        List<?> list = assertInstanceOf(List.class, world.body(), () -> "expected an array: " + world.last().asString());
        assertTrue(list.stream().anyMatch(e -> world.name(logical).equals(Json.at(e, "namespace"))),
                () -> "namespace '" + world.name(logical) + "' not listed: " + Json.abbreviate(world.last().asString()));
    }

    @Then("the response field {string} is an alphanumeric string of {int} characters")
    public void alphanumeric(String path, int length) {
        Object v = Json.at(world.body(), path);
        assertTrue(v instanceof String s && s.length() == length && s.chars().allMatch(Character::isLetterOrDigit),
                () -> "field '" + path + "' is not " + length + " alphanumeric characters: " + world.last().asString());
    }

    @Then("the response field {string} is the uuid and key of the response")
    public void authIsUuidAndKey(String path) {
        Object body = world.body();
        assertEquals(Json.at(body, "uuid") + ":" + Json.at(body, "key"), Json.at(body, path));
    }

    // ------------------------------------------------------------------ entities in admin-made namespaces

    @Given("a(n) {runtime} action {string} in the namespace {string} with code:")
    public void tenantAction(String runtime, String action, String logical, String code) {
        putTenantAction(runtime, action, logical, code, "");
    }

    @Given("a(n) {runtime} web action {string} in the namespace {string} with code:")
    public void tenantWebAction(String runtime, String action, String logical, String code) {
        putTenantAction(runtime, action, logical, code, ",\"annotations\":[{\"key\":\"web-export\",\"value\":true}]");
    }

    /** PUTs an action into an admin-made namespace; {@code extraFields} is JSON appended after {@code exec}. */
    private void putTenantAction(String runtime, String action, String logical, String code, String extraFields) {
        String body = "{\"exec\":{\"kind\":" + Json.write(runtime + ":default") + ",\"code\":" + Json.write(code) + "}"
                + extraFields + "}";
        Response r = world.remember(as(logical).contentType(ContentType.JSON).body(body)
                .put("/api/v1/namespaces/_/actions/{name}", world.name(action)));
        assertEquals(200, r.statusCode(), () -> "creating action '" + action + "': " + ResponseSteps.describe(r));
        tenantEntities.add(0, new String[] {logical, "actions", world.name(action)});
    }

    @Given("the rule {string} from the trigger {string} to the action {string} exists in the namespace {string}")
    public void tenantRule(String rule, String trigger, String action, String logical) {
        String body = "{\"trigger\":" + Json.write("/_/" + world.name(trigger)) + ",\"action\":"
                + Json.write("/_/" + world.name(action)) + "}";
        Response r = world.remember(as(logical).contentType(ContentType.JSON).body(body)
                .put("/api/v1/namespaces/_/rules/{name}", world.name(rule)));
        assertEquals(200, r.statusCode(), () -> "creating rule '" + rule + "': " + ResponseSteps.describe(r));
        tenantEntities.add(0, new String[] {logical, "rules", world.name(rule)});
    }

    @When("anyone sends GET to the web action {string} of the namespace {string} with the suffix {string}")
    public void tenantWebGet(String action, String logical, String suffix) {
        String url = "/api/v1/web/" + segment(world.name(logical)) + "/default/" + segment(world.name(action)) + suffix;
        world.remember(world.anonymous().urlEncodingEnabled(false).get(url));
    }

    @Then("the namespace {string}'s activation of the trigger {string} eventually logs {string}")
    public void triggerRecordLogs(String logical, String trigger, String text) {
        Response fire = world.last();
        assertEquals(202, fire.statusCode(), () -> "the fire was not accepted: " + ResponseSteps.describe(fire));
        String id = String.valueOf(Json.at(Json.parse(fire.asString()), "activationId"));
        RequestSpecification spec = as(logical);
        Response record = world.poll(() -> spec.get("/api/v1/namespaces/_/activations/{id}", id),
                r -> r.statusCode() == 200, World.EVENTUALLY);
        assertTrue(record.asString().contains(text),
                () -> "the trigger's record does not log '" + text + "': " + Json.abbreviate(record.asString()));
    }

    private static String segment(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Given("the trigger {string} exists in the namespace {string}")
    public void tenantTrigger(String trigger, String logical) {
        Response r = world.remember(as(logical).contentType(ContentType.JSON).body("{}")
                .put("/api/v1/namespaces/_/triggers/{name}", world.name(trigger)));
        assertEquals(200, r.statusCode(), () -> "creating trigger '" + trigger + "': " + ResponseSteps.describe(r));
        tenantEntities.add(0, new String[] {logical, "triggers", world.name(trigger)});
    }

    @When("the namespace {string} invokes the action {string} without blocking")
    public void tenantInvoke(String logical, String action) {
        Response r = world.remember(as(logical).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/namespaces/_/actions/{name}", world.name(action)));
        if (r.statusCode() == 202 && Json.at(Json.parse(r.asString()), "activationId") instanceof String id) {
            world.activation(id);
        }
    }

    @When("the namespace {string} invokes the action {string} without blocking {int} times")
    public void tenantInvokeTimes(String logical, String action, int times) {
        for (int i = 0; i < times; i++) {
            tenantInvoke(logical, action);
            Response r = world.last();
            assertEquals(202, r.statusCode(), () -> "invoke failed: " + ResponseSteps.describe(r));
        }
    }

    @When("the namespace {string} fires the trigger {string}")
    public void tenantFire(String logical, String trigger) {
        world.remember(as(logical).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/namespaces/_/triggers/{name}", world.name(trigger)));
    }

    @When("the namespace {string} fires the trigger {string} {int} times")
    public void tenantFireTimes(String logical, String trigger, int times) {
        for (int i = 0; i < times; i++) {
            tenantFire(logical, trigger);
            Response r = world.last();
            assertTrue(r.statusCode() == 202 || r.statusCode() == 204,
                    () -> "fire failed: " + ResponseSteps.describe(r));
        }
    }

    // ------------------------------------------------------------------ sizes

    @When("I invoke the action {string} blocking with a JSON body of {int} bytes")
    public void invokeLarge(String action, int bytes) {
        String body = padded("x", bytes);
        sentBytes = body.getBytes(StandardCharsets.UTF_8).length;
        world.remember(world.json(body).pathParam("ns", world.ns()).pathParam("name", world.name(action))
                .post(world.actionPath() + "?blocking=true"));
    }

    @When("I fire the trigger {string} with a JSON body of {int} bytes")
    public void fireLarge(String trigger, int bytes) {
        String body = padded("x", bytes);
        sentBytes = body.getBytes(StandardCharsets.UTF_8).length;
        world.remember(world.send(world.json(body), "POST", world.ns(), "triggers", world.name(trigger)));
    }

    @When("I create the action {string} with {int} bytes of code")
    public void createLargeCode(String action, int bytes) {
        String code = "//" + "a".repeat(Math.max(0, bytes - 2));
        String body = "{\"exec\":{\"kind\":" + Json.write(world.config().defaultKind()) + ",\"code\":\"" + code + "\"}}";
        world.created(world.name(action));
        world.remember(world.json(body).pathParam("ns", world.ns()).pathParam("name", world.name(action))
                .put(world.actionPath()));
    }

    @When("I create the action {string} with a parameter value of {int} bytes")
    public void createLargeParameter(String action, int bytes) {
        String body = "{\"exec\":{\"kind\":" + Json.write(world.config().defaultKind())
                + ",\"code\":\"function main(p) { return p; }\"},\"parameters\":[{\"key\":\"x\",\"value\":\""
                + "a".repeat(bytes) + "\"}]}";
        world.created(world.name(action));
        world.remember(world.json(body).pathParam("ns", world.ns()).pathParam("name", world.name(action))
                .put(world.actionPath()));
    }

    @Then("the error message is the request size over {long} bytes")
    public void requestTooLarge(long max) {
        assertEquals("Request larger than allowed: " + sentBytes + " > " + max + " bytes.",
                Json.at(world.body(), "error"), () -> ResponseSteps.describe(world.last()));
    }

    @Then("the activation result error starts with {string}")
    public void resultErrorStartsWith(String prefix) {
        Object error = Json.at(world.body(), "response.result.error");
        assertTrue(error instanceof String s && s.startsWith(prefix),
                () -> "result error does not start with '" + prefix + "': " + Json.abbreviate(world.last().asString()));
    }

    @Then("the activation result error contains {string}")
    public void resultErrorContains(String text) {
        Object error = Json.at(world.body(), "response.result.error");
        assertTrue(error instanceof String s && s.contains(text),
                () -> "result error lacks '" + text + "': " + Json.abbreviate(world.last().asString()));
    }

    @Then("the last activation log line eventually contains {string}")
    public void lastLogLine(String text) {
        String id = world.lastActivationId();
        Response r = world.poll(() -> world.api().get("/api/v1/namespaces/{ns}/activations/{id}/logs", world.ns(), id),
                x -> x.statusCode() == 200 && lastLine(x).contains(text), World.EVENTUALLY);
        world.remember(r);
        if (!lastLine(r).contains(text)) {
            fail("last log line lacks '" + text + "': " + Json.abbreviate(lastLine(r)) + " (status " + r.statusCode() + ")");
        }
    }

    private static String lastLine(Response r) {
        try {
            Object logs = Json.at(Json.parse(r.asString()), "logs");
            if (logs instanceof List<?> l && !l.isEmpty() && l.get(l.size() - 1) instanceof String s) {
                return s;
            }
        } catch (AssertionError notJson) {
            // not yet
        }
        return "";
    }
}
