package dev.brisk.core.entity;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionLimitsTest {
    private static final LimitBounds B = LimitBounds.OPENWHISK;
    private static final ActionLimits DEFAULTS = ActionLimits.defaults(B);

    private static ActionLimits read(String json) {
        return ActionLimits.fromJson(Json.parse(json), DEFAULTS, B);
    }

    private static String rejected(String json) {
        ApiException e = assertThrows(ApiException.class, () -> read(json));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void defaultsAreOpenWhisks() {
        assertEquals(new ActionLimits(60_000, 256, 10, 1), DEFAULTS);
        assertSame(DEFAULTS, ActionLimits.fromJson(null, DEFAULTS, B));
        assertEquals(DEFAULTS, read("{}"));
    }

    @Test
    void givenFieldsOverrideTheBase() {
        assertEquals(new ActionLimits(1000, 256, 10, 1), read("{\"timeout\":1000}"));
        ActionLimits base = new ActionLimits(5000, 512, 5, 1);
        assertEquals(new ActionLimits(5000, 128, 5, 1),
                ActionLimits.fromJson(Json.parse("{\"memory\":128,\"logs\":null}"), base, B));
    }

    @Test
    void boundsAreInclusive() {
        assertEquals(new ActionLimits(100, 128, 0, 1), read("{\"timeout\":100,\"memory\":128,\"logs\":0}"));
        assertEquals(new ActionLimits(300_000, 512, 10, 1), read("{\"timeout\":300000,\"memory\":512,\"logs\":10}"));
    }

    @Test
    void aboveMaximumExceedsThreshold() {
        assertEquals("duration 300001 milliseconds exceeds allowed threshold of 300000 milliseconds",
                rejected("{\"timeout\":300001}"));
        assertEquals("memory size 1024 MB exceeds allowed threshold of 512 MB", rejected("{\"memory\":1024}"));
        assertTrue(rejected("{\"logs\":11}").contains("exceeds allowed threshold of 10 MB"));
        assertTrue(rejected("{\"concurrency\":2}").contains("exceeds allowed threshold"));
    }

    @Test
    void belowMinimumIsBelowThreshold() {
        assertEquals("duration 99 milliseconds below allowed threshold of 100 milliseconds", rejected("{\"timeout\":99}"));
        assertEquals("memory size 64 MB below allowed threshold of 128 MB", rejected("{\"memory\":64}"));
        assertTrue(rejected("{\"logs\":-1}").contains("below allowed threshold of 0 MB"));
        assertTrue(rejected("{\"concurrency\":0}").contains("below allowed threshold"));
    }

    @Test
    void nonIntegersAreMalformed() {
        assertEquals("The request content was malformed:\nlimit 'timeout' must be an integer",
                rejected("{\"timeout\":\"1000\"}"));
        assertTrue(rejected("{\"memory\":1.5}").contains("limit 'memory' must be an integer"));
        assertTrue(rejected("{\"timeout\":99999999999}").contains("must be an integer"));
        assertTrue(rejected("[1]").contains("'limits' must be an object"));
    }

    @Test
    void storedFormRoundTrips() {
        ActionLimits l = new ActionLimits(1234, 300, 2, 1);
        assertEquals(Json.parse("{\"timeout\":1234,\"memory\":300,\"logs\":2,\"concurrency\":1}"), l.toJson());
        assertEquals(l, ActionLimits.fromStored(Json.parse(Json.write(l.toJson()))));
    }
}
