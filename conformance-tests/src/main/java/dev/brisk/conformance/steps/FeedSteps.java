package dev.brisk.conformance.steps;

import dev.brisk.conformance.support.Json;
import dev.brisk.conformance.support.World;
import groovy.json.JsonOutput;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.restassured.response.Response;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds driven as the CLI drives them (FEED-001): the trigger is created with its {@code feed} annotation, then the
 * feed action is invoked blocking with {@code lifecycleEvent}, {@code triggerName} and the caller's {@code authKey}.
 */
public class FeedSteps {
    /** A well-formed {@code uuid:key} that no namespace holds. */
    private static final String UNKNOWN_KEY = "00000000-0000-4000-8000-000000000000:"
            + "0000000000000000000000000000000000000000000000000000000000000000";

    private final World world;

    public FeedSteps(World world) {
        this.world = world;
    }

    @When("I create the trigger {string} with the feed annotation {string}")
    public void createWithFeed(String logical, String feed) {
        String name = world.name(logical);
        world.createdEntity("triggers", false, name);
        Map<String, Object> annotation = new LinkedHashMap<>();
        annotation.put("key", "feed");
        annotation.put("value", feed);
        world.remember(world.send(world.json(JsonOutput.toJson(Map.of("annotations", List.of(annotation)))), "PUT",
                world.ns(), "triggers", name));
    }

    @When("^I call the feed \"(/[^\"]+)\" with \"([A-Z]+)\" for the trigger \"([^\"]*)\"(?: and the parameters (\\{.*\\}))?$")
    public void callFeed(String feed, String event, String trigger, String parameters) {
        callFeed(feed, event, trigger, parameters, world.user() + ":" + world.key());
    }

    /** FEED-005, FEED-010: an {@code authKey} that is no namespace's (a well-formed uuid:key nobody holds). */
    @When("^I call the feed \"(/[^\"]+)\" with \"([A-Z]+)\" for the trigger \"([^\"]*)\" with a key nobody holds and the parameters (\\{.*\\})$")
    public void callFeedWithUnknownKey(String feed, String event, String trigger, String parameters) {
        callFeed(feed, event, trigger, parameters, UNKNOWN_KEY);
    }

    /** FEED-005: no {@code triggerName} at all; the provider's feed action then names the trigger {@code undefined}. */
    @When("^I call the feed \"(/[^\"]+)\" with \"([A-Z]+)\" without a trigger name and the parameters (\\{.*\\})$")
    public void callFeedWithoutTriggerName(String feed, String event, String parameters) {
        callFeed(feed, event, null, parameters, world.user() + ":" + world.key());
    }

    private void callFeed(String feed, String event, String trigger, String parameters, String authKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (parameters != null) {
            Map<?, ?> p = assertInstanceOf(Map.class, Json.parse(parameters), "expected a JSON object: " + parameters);
            p.forEach((k, v) -> body.put((String) k, v));
        }
        body.put("lifecycleEvent", event);
        if (trigger != null) {
            body.put("triggerName", "/" + world.namespaceName() + "/" + world.name(trigger));
        }
        body.put("authKey", authKey);
        world.remember(world.json(JsonOutput.toJson(body)).post(CatalogSteps.actionPath(feed) + "?blocking=true"));
    }

    @Then("the trigger {string} is eventually fired at least {int} times")
    public void firedAtLeast(String trigger, int times) {
        Response r = world.poll(() -> count(trigger), x -> fires(x) >= times, World.EVENTUALLY);
        assertTrue(fires(r) >= times, () -> "the trigger was fired " + fires(r) + " times: " + ResponseSteps.describe(r));
    }

    @Then("the trigger {string} is fired no more within {int} seconds")
    public void firedNoMore(String trigger, int seconds) throws InterruptedException {
        Thread.sleep(1500); // a tick claimed just before the DELETE may still be recorded
        long settled = fires(count(trigger));
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        assertEquals(settled, fires(count(trigger)), "fires after the feed's DELETE");
    }

    private Response count(String trigger) {
        return world.api().pathParam("ns", world.ns()).queryParam("count", "true").queryParam("name", world.name(trigger))
                .get(world.activationsPath());
    }

    private static long fires(Response r) {
        Object n = r.statusCode() == 200 ? Json.at(Json.parse(r.asString()), "activations") : null;
        return n instanceof Number number ? number.longValue() : -1;
    }
}
