package dev.brisk.conformance.steps;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import dev.brisk.conformance.support.World;
import io.cucumber.java.en.When;

/** Requests with wrong, unknown or malformed credentials. */
public class AuthSteps {

    /** A syntactically valid key (64 alphanumeric characters) that is not the configured one. */
    static final String OTHER_KEY = "brisk0conformance0wrong0key0" + "0123456789abcdefghijklmnopqrstuvwxyzAB".substring(0, 36);

    private final World world;
    private final ApiInfoSteps requests;

    public AuthSteps(World world, ApiInfoSteps requests) {
        this.world = world;
        this.requests = requests;
    }

    @When("I send {word} {string} with the right identity but a wrong key")
    public void wrongKey(String method, String path) {
        String key = world.key();
        String wrong = key.equals(OTHER_KEY) ? OTHER_KEY.replace('0', '1') : OTHER_KEY;
        requests.send(world.apiAs(world.user(), wrong), method, path);
    }

    @When("I send {word} {string} with an unknown identity")
    public void unknownIdentity(String method, String path) {
        requests.send(world.apiAs(UUID.randomUUID().toString(), OTHER_KEY), method, path);
    }

    /** Sends "Authorization: Basic base64(credentials)" exactly as given (placeholders: {uuid}, {key}). */
    @When("I send {word} {string} with the Basic credentials {string}")
    public void rawCredentials(String method, String path, String credentials) {
        String c = credentials.replace("{uuid}", world.user())
                .replace("{key}", world.key());
        String header = "Basic " + Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8));
        requests.send(world.anonymous().header("Authorization", header), method, path);
    }
}
