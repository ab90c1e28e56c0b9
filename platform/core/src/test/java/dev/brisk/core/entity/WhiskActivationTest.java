package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.WhiskViews;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhiskActivationTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";

    private static WhiskActivation activation(long end, ActivationResponse response) {
        return new WhiskActivation("guest", "hello", "guest", ID, 1_000L, end, null, response,
                List.of("2024-01-01T00:00:00.000Z stdout: hi"), SemVer.INITIAL, false,
                Parameters.fromJson(Json.parse("[{\"key\":\"path\",\"value\":\"guest/utils/hello\"},{\"key\":\"kind\",\"value\":\"nodejs:20\"}]")));
    }

    private static WhiskActivation success() {
        return activation(1_250L, ActivationResponse.success(Json.parse("{\"payload\":\"hi\"}")));
    }

    @Test
    void apiFormHasNoStatusCode() {
        ObjectNode json = success().toJson();
        assertFalse(json.path("response").has("statusCode"));
        assertEquals(Json.parse("{\"status\":\"success\",\"success\":true,\"result\":{\"payload\":\"hi\"}}"), json.get("response"));
        assertFalse(json.has("entityType"));
    }

    @Test
    void documentFormKeepsStatusCode() {
        ObjectNode doc = activation(1_250L, ActivationResponse.developerError("boom")).toDocument();
        assertEquals(2, doc.at("/response/statusCode").asInt());
        assertEquals("action developer error", doc.at("/response/status").asText());
        assertFalse(doc.at("/response/success").asBoolean());
        assertEquals("activation", doc.get("entityType").asText());
    }

    @Test
    void endAndDurationWhenEnded() {
        ObjectNode json = success().toJson();
        assertEquals(1_250L, json.get("end").asLong());
        assertEquals(250L, json.get("duration").asLong());
        assertEquals(250L, success().duration());
    }

    @Test
    void zeroEndOmitsEndAndDuration() {
        WhiskActivation a = activation(0, ActivationResponse.success(null));
        for (ObjectNode form : List.of(a.toJson(), a.toDocument(), a.toSummaryJson())) {
            assertFalse(form.has("end"));
            assertFalse(form.has("duration"));
            assertEquals(1_000L, form.get("start").asLong());
        }
        assertEquals(0, a.duration());
        assertFalse(a.toJson().path("response").has("result"));
    }

    @Test
    void documentFormRoundTripsThroughText() {
        WhiskActivation a = activation(1_250L, ActivationResponse.applicationError(Json.parse("{\"error\":\"bad\"}")));
        WhiskActivation back = WhiskActivation.fromDocument(Json.parse(Json.write(a.toDocument())));
        assertEquals(a, back);
        assertEquals(ActivationResponse.APPLICATION_ERROR, back.response().statusCode());
    }

    @Test
    void summaryHasStatusCodeButNoResponseOrLogs() {
        ObjectNode s = activation(1_250L, ActivationResponse.whiskError("down")).toSummaryJson();
        assertEquals(3, s.get("statusCode").asInt());
        assertFalse(s.has("response"));
        assertFalse(s.has("logs"));
        assertEquals(ID, s.get("activationId").asText());
    }

    @Test
    void pathComesFromTheAnnotation() {
        assertEquals("guest/utils/hello", success().path());
        WhiskActivation plain = new WhiskActivation("guest", "hello", "guest", ID, 1, 2, null,
                ActivationResponse.success(null), List.of(), SemVer.INITIAL, false, Parameters.EMPTY);
        assertEquals("guest/hello", plain.path());
    }

    @Test
    void documentIsIndexedByTheActivationViews() {
        ObjectNode doc = success().toDocument();
        assertEquals(List.of(List.of("guest", 1_000L)), WhiskViews.ACTIVATION_VIEWS.get(0).keys().apply(doc));
        assertEquals(List.of(List.of("guest", "utils/hello", 1_000L)), WhiskViews.ACTIVATION_VIEWS.get(1).keys().apply(doc));
        assertTrue(WhiskViews.ACTIVATION_VIEWS.get(0).keys().apply(Json.object()).isEmpty());
    }
}
