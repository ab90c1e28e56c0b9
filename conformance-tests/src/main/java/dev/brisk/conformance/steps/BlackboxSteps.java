package dev.brisk.conformance.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

/** Blackbox actions: {@code exec.kind} blackbox with an image of the developer's, and optional code for it. */
public class BlackboxSteps {

    private final World world;
    private final ActionSteps actions;

    public BlackboxSteps(World world, ActionSteps actions) {
        this.world = world;
        this.actions = actions;
    }

    private void put(String logical, String image, String code) {
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("kind", "blackbox");
        exec.put("image", image);
        if (code != null) {
            exec.put("code", code);
        }
        actions.put(world.name(logical), JsonOutput.toJson(Map.of("exec", exec)), false);
    }

    @Given("a blackbox action {string} of the configured image with code:")
    public void blackboxWithCode(String logical, String code) {
        put(logical, world.config().blackboxImage(), code);
        assertEquals(200, world.last().statusCode(),
                () -> "creating blackbox action '" + logical + "': " + ResponseSteps.describe(world.last()));
    }

    @When("I create the blackbox action {string} of the configured image with code:")
    public void createBlackboxWithCode(String logical, String code) {
        put(logical, world.config().blackboxImage(), code);
    }

    @Given("a blackbox action {string} of the image {string}")
    public void blackboxOfImage(String logical, String image) {
        put(logical, image, null);
        assertEquals(200, world.last().statusCode(),
                () -> "creating blackbox action '" + logical + "': " + ResponseSteps.describe(world.last()));
    }

    @Then("the action runs the configured image")
    public void runsConfiguredImage() {
        assertEquals(world.config().blackboxImage(), Json.at(world.body(), "exec.image"),
                () -> "exec.image: " + ResponseSteps.describe(world.last()));
    }
}
