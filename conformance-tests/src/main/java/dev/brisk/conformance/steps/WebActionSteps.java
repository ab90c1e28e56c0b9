package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Web actions: creating exported actions and requests to /api/v1/web/{namespace}/{package}/{action}.{ext}. */
public class WebActionSteps {

    private final World world;
    private final ActionSteps actions;
    private final PackageSteps packages;

    public WebActionSteps(World world, ActionSteps actions, PackageSteps packages) {
        this.world = world;
        this.actions = actions;
        this.packages = packages;
    }

    private Response createWeb(String logical, String runtime, String code, String annotationsJson) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("web-export", true);
        if (annotationsJson != null) {
            ((Map<?, ?>) Json.parse(annotationsJson)).forEach((k, v) -> annotations.put((String) k, v));
        }
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("kind", ActionSteps.kindOf(runtime));
        exec.put("code", code);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exec", exec);
        body.put("annotations", TriggerSteps.keyValues(JsonOutput.toJson(annotations)));
        String name = world.name(logical);
        world.code(name, code);
        Response r = actions.put(name, JsonOutput.toJson(body), false);
        assertEquals(200, r.statusCode(), () -> "creating web action '" + logical + "' failed: "
                + ResponseSteps.describe(r));
        return r;
    }

    /** A web action in the runtime the target claims (scenarios tagged {@code @any-runtime}). */
    @Given("a web action {string} in the claimed runtime that returns its parameters")
    public void claimedRuntimeWebEcho(String logical) {
        String family = dev.brisk.conformance.support.ClaimedRuntime.family(world.config());
        if (family == null) {
            throw new IllegalStateException("the target claims no runtime the suite can write code for");
        }
        createWeb(logical, family,
                dev.brisk.conformance.support.ClaimedRuntime.Behaviour.RETURNS_ITS_PARAMETERS.code(family), null);
    }

    @Given("a(n) {runtime} web action {string} with code:")
    public void webAction(String runtime, String logical, String code) {
        createWeb(logical, runtime, code, null);
    }

    @Given("^an? (nodejs|python) web action \"([^\"]*)\" with annotations (\\{.*\\}) and code:$")
    public void webActionWith(String runtime, String logical, String annotations, String code) {
        createWeb(logical, runtime, code, annotations);
    }

    @Given("a(n) {runtime} web action {string} in the package {string} with code:")
    public void webActionIn(String runtime, String logical, String pkg, String code) {
        Response r = packages.putAction(pkg, logical, ActionSteps.kindOf(runtime), code, null,
                Map.of("web-export", true));
        assertEquals(200, r.statusCode(), () -> "creating web action '" + logical + "' failed: "
                + ResponseSteps.describe(r));
    }

    // ------------------------------------------------------------------ requests

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** "/api/v1/web/{namespace name}/{package|default}/{action}{suffix}", already encoded. */
    private String url(String pkgLogical, String logical, String suffix) {
        String pkg = pkgLogical == null ? "default" : segment(world.name(pkgLogical));
        return "/api/v1/web/" + segment(world.namespaceName()) + "/" + pkg + "/" + segment(world.name(logical))
                + suffix;
    }

    private Response send(RequestSpecification spec, String method, String url) {
        // the URL is already encoded (the suffix may carry a query string)
        return world.remember(spec.urlEncodingEnabled(false).request(method, url));
    }

    @When("I send {word} to the web action {string} with the suffix {string}")
    public void send(String method, String logical, String suffix) {
        send(world.anonymous(), method, url(null, logical, suffix));
    }

    @When("I send {word} to the web action {string} in the package {string} with the suffix {string}")
    public void sendIn(String method, String logical, String pkg, String suffix) {
        send(world.anonymous(), method, url(pkg, logical, suffix));
    }

    @When("I send {word} to the web action {string} with the suffix {string} and the headers:")
    public void sendWithHeaders(String method, String logical, String suffix, DataTable headers) {
        RequestSpecification spec = world.anonymous();
        for (Map<String, String> row : headers.asMaps()) {
            spec = spec.header(row.get("name"), row.get("value"));
        }
        send(spec, method, url(null, logical, suffix));
    }

    @When("^I send (\\w+) to the web action \"([^\"]*)\" with the suffix \"([^\"]*)\" and the JSON body (\\{.*\\})$")
    public void sendJson(String method, String logical, String suffix, String body) {
        send(world.anonymous().contentType("application/json").body(body), method, url(null, logical, suffix));
    }

    @When("I send {word} to the web action {string} with the suffix {string} and the {string} body {string}")
    public void sendText(String method, String logical, String suffix, String contentType, String body) {
        // REST Assured encodes a form body only from a String (its form encoder refuses bytes)
        RequestSpecification spec = world.anonymous().contentType(contentType);
        spec = contentType.startsWith("application/x-www-form-urlencoded") ? spec.body(body)
                : spec.body(body.getBytes(StandardCharsets.UTF_8));
        send(spec, method, url(null, logical, suffix));
    }

    @When("I send {word} to the web action {string} with the suffix {string} with the suite's credentials")
    public void sendAuthenticated(String method, String logical, String suffix) {
        send(world.api(), method, url(null, logical, suffix));
    }

    // ------------------------------------------------------------------ Then

    @Then("the response content type is {string}")
    public void contentType(String expected) {
        String ct = String.valueOf(world.last().getContentType());
        assertTrue(ct.toLowerCase().startsWith(expected.toLowerCase()),
                () -> "Content-Type should be " + expected + " but is '" + ct + "': "
                        + ResponseSteps.describe(world.last()));
    }

    @Then("the response header {string} is {string}")
    public void header(String name, String expected) {
        String v = world.last().getHeader(name);
        if (v == null) {
            fail("missing header " + name + " on " + ResponseSteps.describe(world.last()));
        }
        assertEquals(expected, v, () -> "header " + name);
    }

    /** WEB-023: each value a header field of its own, in order (not folded into one comma-separated field). */
    @Then("the response header {string} has the values:")
    public void headerValues(String name, List<String> expected) {
        List<String> actual = world.last().getHeaders().getValues(name);
        assertEquals(expected, actual, () -> "values of header " + name + " on " + ResponseSteps.describe(world.last())
                + " with headers " + world.last().getHeaders().asList());
    }

    /**
     * WEB-028: the action's value of a header, alone or as the second field after the target's default one (OpenWhisk
     * adds its defaults before the action's headers, unconditionally).
     */
    @Then("the response header {string} has the value {string}, after a default {string} or alone")
    public void headerValueAfterDefault(String name, String value, String defaultValue) {
        List<String> actual = world.last().getHeaders().getValues(name);
        assertTrue(actual.equals(List.of(value)) || actual.equals(List.of(defaultValue, value)),
                () -> "header " + name + " should be [" + value + "] or [" + defaultValue + ", " + value + "] but is "
                        + actual + ": " + ResponseSteps.describe(world.last()));
    }

    @Then("the response field {string} starts with {string}")
    public void fieldStartsWith(String path, String prefix) {
        Object v = Json.at(world.body(), path);
        assertTrue(v instanceof String s && s.startsWith(prefix),
                () -> "field '" + path + "' should be a string starting with '" + prefix + "' but is " + Json.write(v)
                        + ": " + ResponseSteps.describe(world.last()));
    }

    @Then("the response has no header {string}")
    public void noHeader(String name) {
        assertEquals(null, world.last().getHeader(name),
                () -> "header " + name + " should be absent: " + ResponseSteps.describe(world.last()));
    }

    @Then("the response body is the text {string}")
    public void bodyText(String expected) {
        assertEquals(expected, world.last().asString(), "response body");
    }

    @Then("the response body is empty")
    public void bodyEmpty() {
        assertEquals("", world.last().asString(), "response body");
    }

    @Then("the response body is the bytes of the base64 {string}")
    public void bodyBytes(String base64) {
        assertArrayEquals(Base64.getDecoder().decode(base64), world.last().asByteArray(), "response body bytes");
    }

    @Then("the response field {string} is the caller's namespace name")
    public void fieldIsNamespace(String path) {
        assertEquals(world.namespaceName(), Json.at(world.body(), path),
                () -> "field '" + path + "': " + ResponseSteps.describe(world.last()));
    }

    /** WEB-012: the default CORS headers of web action responses. */
    @Then("the response has the default web action CORS headers")
    public void cors() {
        ResponseSteps r = new ResponseSteps(world);
        r.headerContains("Access-Control-Allow-Origin", "*");
        for (String m : List.of("OPTIONS", "GET", "DELETE", "POST", "PUT", "HEAD", "PATCH")) {
            r.headerContains("Access-Control-Allow-Methods", m);
        }
        for (String h : List.of("Authorization", "Origin", "X-Requested-With", "Content-Type", "Accept",
                "User-Agent")) {
            r.headerContains("Access-Control-Allow-Headers", h);
        }
    }
}
