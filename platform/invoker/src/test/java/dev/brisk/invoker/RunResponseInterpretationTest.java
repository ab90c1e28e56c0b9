package dev.brisk.invoker;

import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.entity.ActivationResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The mapping of a proxy's /run answer to an activation outcome (OpenWhisk's processRunResponseContent). */
class RunResponseInterpretationTest {
    private static ActivationResponse interpret(int status, String body) {
        return ActionRunner.interpret(RuntimeResponse.of(status, body, 0, 1), 1000);
    }

    @Test
    void anObjectIsSuccess() {
        ActivationResponse r = interpret(200, "{\"a\":1}");
        assertEquals(ActivationResponse.SUCCESS, r.statusCode());
        assertEquals(1, r.result().path("a").asInt());
    }

    @Test
    void anArrayIsSuccess() {
        assertEquals(ActivationResponse.SUCCESS, interpret(200, "[1,2]").statusCode());
    }

    @Test
    void anObjectWithErrorIsAnApplicationError() {
        ActivationResponse r = interpret(200, "{\"error\":\"nope\"}");
        assertEquals(ActivationResponse.APPLICATION_ERROR, r.statusCode());
        assertEquals("application error", r.status());
    }

    @Test
    void aNonObjectIsADeveloperError() {
        ActivationResponse r = interpret(200, "42");
        assertEquals(ActivationResponse.DEVELOPER_ERROR, r.statusCode());
        assertEquals("The action did not produce a valid JSON or JSON Array response.", r.result().path("error").asText());
    }

    @Test
    void aProxyErrorKeepsItsMessage() {
        ActivationResponse r = interpret(502, "{\"error\":\"An error has occurred: boom\"}");
        assertEquals("action developer error", r.status());
        assertEquals("An error has occurred: boom", r.result().path("error").asText());
    }

    @Test
    void aTimeoutNamesTheLimit() {
        ActivationResponse r = ActionRunner.interpret(RuntimeResponse.failed(RuntimeResponse.Failure.TIMEOUT, 0, 1000), 1000);
        assertEquals("The action exceeded its time limits of 1000 milliseconds.", r.result().path("error").asText());
    }

    @Test
    void noAnswerMeansTheActionExited() {
        ActivationResponse r = ActionRunner.interpret(RuntimeResponse.failed(RuntimeResponse.Failure.NO_RESPONSE, 0, 5), 1000);
        assertEquals("The action did not produce a valid response and exited unexpectedly.", r.result().path("error").asText());
    }

    @Test
    void aResponseOverTheResultLimitIsAnApplicationErrorQuotingItsStart() {
        String body = "{\"big\":\"" + "x".repeat(30) + "\"}"; // 40 bytes
        ActivationResponse r = ActionRunner.interpret(RuntimeResponse.of(200, body, 0, 1), 1000, 16);
        assertEquals(ActivationResponse.APPLICATION_ERROR, r.statusCode());
        assertEquals("The action produced a response that exceeded the allowed length: 40 > 16 bytes. "
                + "The truncated response was: {\"big\":\"xxxxxxxx", r.result().path("error").asText());
        assertEquals(ActivationResponse.SUCCESS,
                ActionRunner.interpret(RuntimeResponse.of(200, body, 0, 1), 1000, 40).statusCode());
    }
}
