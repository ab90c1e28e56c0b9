package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import dev.brisk.conformance.support.World;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.specification.RequestSpecification;

/** Generic requests by method and path (API information, namespaces, routes) and the namespace list. */
public class ApiInfoSteps {

    private final World world;

    public ApiInfoSteps(World world) {
        this.world = world;
    }

    /**
     * Replaces placeholders in a path: {ns} (configured namespace segment), {namespace} (the caller's namespace
     * name), {other-namespace} (a namespace the caller does not own), {action:LOGICAL} and {name:LOGICAL} (the unique
     * name of a logical name).
     */
    String path(String template) {
        String p = template.replace("{ns}", world.ns())
                .replace("{other-namespace}", World.PREFIX + "other-ns-" + world.suffix());
        if (p.contains("{namespace}")) {
            p = p.replace("{namespace}", world.namespaceName());
        }
        int i;
        while ((i = p.indexOf("{action:")) >= 0) {
            int end = p.indexOf('}', i);
            p = p.substring(0, i) + world.name(p.substring(i + 8, end)) + p.substring(end + 1);
        }
        while ((i = p.indexOf("{name:")) >= 0) {
            int end = p.indexOf('}', i);
            p = p.substring(0, i) + world.name(p.substring(i + 6, end)) + p.substring(end + 1);
        }
        return p;
    }

    void send(RequestSpecification spec, String method, String template) {
        world.remember(spec.request(method, path(template)));
    }

    @When("I send {word} {string}")
    public void sendAuthenticated(String method, String path) {
        send(world.api(), method, path);
    }

    /**
     * A request with a body of the given declared type (sent as is). A PUT on an entity of the caller's namespace is
     * recorded for deletion, should the target store what it ought to refuse.
     */
    @When("I send {word} {string} with the content type {string} and the body {string}")
    public void sendTyped(String method, String template, String contentType, String body) {
        String p = path(template);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^/api/v1/namespaces/[^/]+/(actions|triggers|rules|packages)/([^/?]+)$").matcher(p);
        if ("PUT".equals(method) && m.matches()) {
            if (m.group(1).equals("actions")) {
                world.created(m.group(2));
            } else {
                world.createdEntity(m.group(1), false, m.group(2));
            }
        }
        world.remember(world.api().contentType(contentType).body(body).request(method, p));
    }

    @When("I send {word} {string} without credentials")
    public void sendAnonymous(String method, String path) {
        send(world.anonymous(), method, path);
    }

    @Then("the response lists exactly the caller's namespace")
    public void exactlyOneNamespace() {
        Object body = world.body();
        List<?> list = assertInstanceOf(List.class, body, () -> "expected a JSON array: " + world.last().asString());
        assertEquals(1, list.size(), () -> "expected exactly one namespace: " + world.last().asString());
        String ns = assertInstanceOf(String.class, list.get(0), "the namespace must be a string");
        assertNotEquals("", ns);
        assertNotEquals("_", ns, "the namespace list must hold the namespace name, not '_'");
        if (!"_".equals(world.ns())) {
            assertEquals(world.ns(), ns, "the namespace list must hold the configured namespace");
        }
    }
}
