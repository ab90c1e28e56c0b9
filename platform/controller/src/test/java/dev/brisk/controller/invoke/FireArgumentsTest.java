package dev.brisk.controller.invoke;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FireArgumentsTest {

    private static Map<String, List<String>> request() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("X-Brisk-Probe", List.of("1"));
        h.put("Accept", List.of("text/plain", "application/json"));
        h.put("Authorization", List.of("Basic dXNlcjprZXk="));
        h.put("Proxy-Authorization", List.of("Basic dXNlcjprZXk="));
        h.put("Cookie", List.of("session=secret"));
        h.put("Content-Type", List.of("application/json"));
        h.put("Content-Length", List.of("7"));
        return h;
    }

    @Test
    void headersAreLowerCasedWithTheLastValueOfARepeatedOne() {
        ObjectNode headers = FireArguments.headers(request());
        assertEquals("1", headers.path("x-brisk-probe").asText());
        assertEquals("application/json", headers.path("accept").asText());
    }

    @Test
    void credentialsAreNeverForwarded() {
        ObjectNode headers = FireArguments.headers(request());
        assertFalse(headers.has("authorization"), headers.toString());
        assertFalse(headers.has("proxy-authorization"), headers.toString());
        assertFalse(headers.has("cookie"), headers.toString());
    }

    @Test
    void entityHeadersAreLeftOutAsOpenWhisksHttpLayerDoes() {
        ObjectNode headers = FireArguments.headers(request());
        assertFalse(headers.has("content-type"), headers.toString());
        assertFalse(headers.has("content-length"), headers.toString());
        assertEquals(2, headers.size(), headers.toString());
    }

    @Test
    void noRequestGivesAnEmptyObject() {
        ObjectNode args = FireArguments.merge(Parameters.EMPTY, FireArguments.headers(null), Json.object());
        assertTrue(args.path(FireArguments.HEADERS).isObject());
        assertEquals(0, args.path(FireArguments.HEADERS).size());
    }

    @Test
    void payloadWinsOverHeadersWhichWinOverTriggerParameters() {
        Parameters trigger = Parameters.fromJson(Json.parse("[{\"key\": \"a\", \"value\": \"trigger\"},"
                + " {\"key\": \"b\", \"value\": \"trigger\"}, {\"key\": \"__ow_headers\", \"value\": {\"x\": 1}}]"));
        ObjectNode headers = Json.object().put("x-brisk-probe", "1");

        ObjectNode args = FireArguments.merge(trigger, headers, Json.parse("{\"b\": \"payload\"}"));
        assertEquals("trigger", args.path("a").asText());
        assertEquals("payload", args.path("b").asText());
        assertEquals(headers, args.path(FireArguments.HEADERS));

        ObjectNode own = FireArguments.merge(trigger, headers, Json.parse("{\"__ow_headers\": \"mine\"}"));
        assertEquals("mine", own.path(FireArguments.HEADERS).asText());
    }
}
