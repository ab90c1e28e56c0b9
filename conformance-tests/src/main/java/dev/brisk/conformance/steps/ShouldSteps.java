package dev.brisk.conformance.steps;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.Warnings;
import dev.brisk.conformance.support.World;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Then;
import io.restassured.response.Response;

/**
 * Checks of SHOULD statements: a target that does not meet one passes the scenario with a warning in
 * {@code warnings.txt} (spec/README), never a failure.
 */
public class ShouldSteps {
    private final World world;
    private String scenario = "";

    public ShouldSteps(World world) {
        this.world = world;
    }

    @Before
    public void remember(Scenario current) {
        scenario = current.getName() + " " + current.getSourceTagNames().stream()
                .filter(t -> t.matches("@[A-Z]+-\\d{3}")).toList();
    }

    @Then("the response SHOULD have the header {string}")
    public void shouldHaveHeader(String header) {
        String v = world.last().getHeader(header);
        if (v == null || v.isBlank()) {
            warn("no " + header + " header on " + ResponseSteps.describe(world.last()));
        }
    }

    @Then("the response SHOULD have the header {string} starting with {string}")
    public void shouldHaveHeaderStarting(String header, String prefix) {
        String v = world.last().getHeader(header);
        if (v == null || !v.toLowerCase().startsWith(prefix.toLowerCase())) {
            warn(header + " should start with '" + prefix + "' but is " + (v == null ? "absent" : "'" + v + "'"));
        }
    }

    @Then("the response SHOULD have the header {string} equal to the error's code")
    public void shouldHaveHeaderEqualToCode(String header) {
        Response r = world.last();
        Object code = Json.at(Json.parse(r.asString()), "code");
        String v = r.getHeader(header);
        if (v == null || !v.equals(String.valueOf(code))) {
            warn(header + " should equal the error's code " + code + " but is " + (v == null ? "absent" : "'" + v + "'"));
        }
    }

    /** ACTV-007: list summaries SHOULD carry {@code end}, {@code duration} and a numeric {@code statusCode}. */
    @Then("every listed activation SHOULD have a number {string}")
    public void everyListedShouldHaveNumber(String field) {
        Object body = world.body();
        if (!(body instanceof java.util.List<?> list)) {
            warn("not a JSON array: " + ResponseSteps.describe(world.last()));
            return;
        }
        for (Object entry : list) {
            if (!(Json.at(entry, field) instanceof Number)) {
                warn("a listed activation has no number '" + field + "': " + Json.write(entry));
                return;
            }
        }
    }

    private void warn(String what) {
        Warnings.add(scenario + ": " + what);
    }
}
