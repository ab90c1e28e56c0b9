package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import io.cucumber.java.en.Then;
import io.restassured.response.Response;

/** Generic assertions on the last response: status, OpenWhisk error shape, JSON members, headers. */
public class ResponseSteps {

    private final World world;

    public ResponseSteps(World world) {
        this.world = world;
    }

    static String describe(Response r) {
        return "HTTP " + r.statusCode() + " " + Json.abbreviate(r.asString());
    }

    @Then("the response status is {int}")
    public void status(int expected) {
        Response r = world.last();
        assertEquals(expected, r.statusCode(), () -> "unexpected status: " + describe(r));
    }

    /** AUTH-006: status, JSON content type, string "error" and string "code". */
    @Then("the response is an error with status {int}")
    public void errorWithStatus(int expected) {
        status(expected);
        errorShape();
    }

    @Then("the response status is a success or a redirect")
    public void successOrRedirect() {
        int status = world.last().statusCode();
        assertTrue(status >= 200 && status < 400, () -> "expected 2xx or 3xx: " + describe(world.last()));
    }

    /** AUTH-011: where OpenWhisk deployments legitimately differ, either status, in the error shape. */
    @Then("the response is an error with status {int} or {int}")
    public void errorWithEitherStatus(int one, int other) {
        Response r = world.last();
        assertTrue(r.statusCode() == one || r.statusCode() == other,
                () -> "expected status " + one + " or " + other + ": " + describe(r));
        errorShape();
    }

    @Then("the response has the OpenWhisk error shape")
    public void errorShape() {
        Response r = world.last();
        String ct = String.valueOf(r.getContentType());
        assertTrue(ct.toLowerCase().startsWith("application/json"),
                () -> "error response must have Content-Type application/json, got '" + ct + "': " + describe(r));
        Object body = Json.parse(r.asString());
        Map<?, ?> m = assertInstanceOf(Map.class, body, () -> "error body must be a JSON object: " + describe(r));
        assertInstanceOf(String.class, m.get("error"), () -> "error body needs a string 'error': " + describe(r));
        Object code = m.get("code");
        assertInstanceOf(String.class, code, () -> "error body needs a string 'code' (transaction id): " + describe(r));
        assertTrue(!((String) code).isEmpty(), () -> "'code' must not be empty: " + describe(r));
    }

    private String errorMessage() {
        errorShape();
        return (String) ((Map<?, ?>) world.body()).get("error");
    }

    @Then("the error message is {string}")
    public void errorIs(String expected) {
        assertEquals(expected, errorMessage(), () -> "unexpected error text: " + describe(world.last()));
    }

    @Then("the error message contains {string}")
    public void errorContains(String expected) {
        String msg = errorMessage();
        assertTrue(msg.contains(expected),
                () -> "error text should contain '" + expected + "': " + describe(world.last()));
    }

    @Then("the error message starts with {string}")
    public void errorStartsWith(String expected) {
        String msg = errorMessage();
        assertTrue(msg.startsWith(expected),
                () -> "error text should start with '" + expected + "': " + describe(world.last()));
    }

    @Then("the response is a JSON object")
    public void isObject() {
        Response r = world.last();
        assertTrue(String.valueOf(r.getContentType()).toLowerCase().startsWith("application/json"),
                () -> "expected Content-Type application/json: " + r.getContentType());
        assertInstanceOf(Map.class, world.body(), () -> "expected a JSON object: " + describe(r));
    }

    @Then("the response is a JSON array of {int} entries")
    public void arrayOfSize(int n) {
        Object body = world.body();
        List<?> l = assertInstanceOf(List.class, body, () -> "expected a JSON array: " + describe(world.last()));
        assertEquals(n, l.size(), () -> "unexpected number of entries: " + describe(world.last()));
    }

    @Then("the response is a JSON array of at most {int} entries")
    public void arrayOfAtMost(int n) {
        Object body = world.body();
        List<?> l = assertInstanceOf(List.class, body, () -> "expected a JSON array: " + describe(world.last()));
        assertTrue(l.size() <= n, () -> "expected at most " + n + " entries, got " + l.size());
    }

    @Then("the response is a JSON array of at least {int} and at most {int} entries")
    public void arrayBetween(int low, int high) {
        Object body = world.body();
        List<?> l = assertInstanceOf(List.class, body, () -> "expected a JSON array: " + describe(world.last()));
        assertTrue(l.size() >= low && l.size() <= high,
                () -> "expected " + low + " to " + high + " entries, got " + l.size());
    }

    private Object field(String path) {
        return Json.at(world.body(), path);
    }

    @Then("the response field {string} is the string {string}")
    public void fieldIsString(String path, String expected) {
        assertEquals(expected, field(path), () -> "field '" + path + "': " + describe(world.last()));
    }

    @Then("the response field {string} is a string")
    public void fieldIsAString(String path) {
        Object v = field(path);
        assertInstanceOf(String.class, v, () -> "field '" + path + "' should be a string: " + describe(world.last()));
    }

    @Then("the response field {string} is a non-empty string")
    public void fieldIsNonEmptyString(String path) {
        fieldIsAString(path);
        assertNotEquals("", field(path), () -> "field '" + path + "' must not be empty");
    }

    @Then("the response field {string} is a number")
    public void fieldIsNumber(String path) {
        assertInstanceOf(Number.class, field(path), () -> "field '" + path + "' should be a number: "
                + describe(world.last()));
    }

    @Then("the response field {string} is the number {long}")
    public void fieldIsTheNumber(String path, long expected) {
        fieldIsNumber(path);
        assertEquals(expected, ((Number) field(path)).longValue(), () -> "field '" + path + "': " + describe(world.last()));
    }

    @Then("the response field {string} is a number of at least {long}")
    public void fieldIsNumberAtLeast(String path, long min) {
        fieldIsNumber(path);
        long v = ((Number) field(path)).longValue();
        assertTrue(v >= min, () -> "field '" + path + "' should be >= " + min + " but is " + v);
    }

    @Then("the response field {string} is {bool}")
    public void fieldIsBoolean(String path, Boolean expected) {
        assertEquals(expected, field(path), () -> "field '" + path + "': " + describe(world.last()));
    }

    @Then("the response field {string} is absent")
    public void fieldAbsent(String path) {
        Object v = field(path);
        assertTrue(v == Json.MISSING, () -> "field '" + path + "' must be absent but is " + Json.write(v));
    }

    @Then("the response field {string} is a JSON array")
    public void fieldIsArray(String path) {
        assertInstanceOf(List.class, field(path), () -> "field '" + path + "' should be an array: "
                + describe(world.last()));
    }

    @Then("the response field {string} is a JSON object")
    public void fieldIsObject(String path) {
        assertInstanceOf(Map.class, field(path), () -> "field '" + path + "' should be an object: "
                + describe(world.last()));
    }

    @Then("^the response field \"([^\"]*)\" is the JSON (.+)$")
    public void fieldIsJson(String path, String json) {
        Object expected = Json.parse(json);
        Object actual = field(path);
        assertTrue(Json.same(actual, expected),
                () -> "field '" + path + "' should be " + json + " but is " + Json.write(actual));
    }

    @Then("^the response field \"([^\"]*)\" includes the JSON (.+)$")
    public void fieldIncludesJson(String path, String json) {
        Object expected = Json.parse(json);
        Object actual = field(path);
        assertTrue(Json.contains(actual, expected),
                () -> "field '" + path + "' should include " + json + " but is " + Json.write(actual));
    }

    @Then("^the response body is exactly the JSON (.+)$")
    public void bodyIsJson(String json) {
        Object expected = Json.parse(json);
        Object actual = world.body();
        assertTrue(Json.same(actual, expected), () -> "body should be " + json + " but is " + Json.write(actual));
    }

    @Then("the response body is exactly the JSON:")
    public void bodyIsJsonDoc(String json) {
        bodyIsJson(json);
    }

    @Then("^the response has the annotation \"([^\"]*)\" with the value (.+)$")
    public void annotation(String key, String json) {
        Object expected = Json.parse(json);
        Object actual = Json.keyValue(field("annotations"), key);
        assertTrue(Json.same(actual, expected), () -> "annotation '" + key + "' should be " + json + " but is "
                + Json.write(actual) + " in " + Json.write(field("annotations")));
    }

    @Then("^the response has the header \"([^\"]*)\" containing \"([^\"]*)\"$")
    public void headerContains(String header, String expected) {
        String v = world.last().getHeader(header);
        if (v == null) {
            fail("missing header " + header + " on " + describe(world.last()));
        }
        assertTrue(v.replace(" ", "").toLowerCase().contains(expected.replace(" ", "").toLowerCase()),
                () -> "header " + header + " should contain '" + expected + "' but is '" + v + "'");
    }

    @Then("the response has the standard CORS headers")
    public void cors() {
        headerContains("Access-Control-Allow-Origin", "*");
        for (String h : List.of("Authorization", "Origin", "X-Requested-With", "Content-Type", "Accept",
                "User-Agent")) {
            headerContains("Access-Control-Allow-Headers", h);
        }
        for (String m : List.of("GET", "DELETE", "POST", "PUT", "HEAD")) {
            headerContains("Access-Control-Allow-Methods", m);
        }
    }
}
