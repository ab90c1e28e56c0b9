package dev.brisk.controller.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebInputsTest {

    private static WebInputs.Request request(String method, String query, String contentType, String body) {
        return new WebInputs.Request(method, List.of(new WebInputs.Header("Accept", "*/*"),
                new WebInputs.Header("X-Custom", "v")), "", query, contentType,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void contextFieldsAreAlwaysPresent() {
        ObjectNode args = WebInputs.build(new WebInputs.Request("GET", List.of(new WebInputs.Header("X-Custom", "v"),
                new WebInputs.Header("Content-Length", "0")), "/a/b", null, null, null), null, false, Set.of());
        assertEquals("get", args.get("__ow_method").asText());
        assertEquals("/a/b", args.get("__ow_path").asText());
        assertEquals(Json.object().put("x-custom", "v"), args.get("__ow_headers"));
        assertFalse(args.has("__ow_user"));
        assertFalse(args.has("__ow_body"));
        assertFalse(args.has("__ow_query"));
        assertEquals(3, args.size());
    }

    @Test
    void userIsTheCallersNamespace() {
        ObjectNode args = WebInputs.build(request("POST", null, null, null), "alice", false, Set.of());
        assertEquals("alice", args.get("__ow_user").asText());
    }

    @Test
    void queryThenJsonBodyMergedAtTopLevel() {
        ObjectNode args = WebInputs.build(request("POST", "a=b&c=d%20e&x=q", "application/json",
                "{\"x\":1,\"y\":[true]}"), null, false, Set.of());
        assertEquals("b", args.get("a").asText());
        assertEquals("d e", args.get("c").asText());
        assertEquals(1, args.get("x").asInt());
        assertTrue(args.get("y").isArray());
        assertFalse(args.has("__ow_body"));
    }

    @Test
    void formFieldsAreMerged() {
        ObjectNode args = WebInputs.build(request("POST", null, "application/x-www-form-urlencoded",
                "field1=value1&field2=value+2"), null, false, Set.of());
        assertEquals("value1", args.get("field1").asText());
        assertEquals("value 2", args.get("field2").asText());
    }

    @Test
    void nonObjectJsonIsPassedAsIsInOwBody() {
        ObjectNode args = WebInputs.build(request("POST", null, "application/json", "[1,\"a\"]"), null, false, Set.of());
        assertEquals(Json.parse("[1,\"a\"]"), args.get("__ow_body"));
        args = WebInputs.build(request("POST", null, "application/cloudevents+json", "{\"f\":\"v\"}"), null, false, Set.of());
        assertEquals("v", args.get("f").asText());
    }

    @Test
    void textBodyIsAStringAndBinaryBodyIsBase64() {
        ObjectNode args = WebInputs.build(request("POST", null, "text/html; charset=UTF-8", "1,2,3"), null, false, Set.of());
        assertEquals("1,2,3", args.get("__ow_body").asText());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
        args = WebInputs.build(new WebInputs.Request("POST", List.of(), "", null, "image/png", png), null, false, Set.of());
        assertEquals(Base64.getEncoder().encodeToString(png), args.get("__ow_body").asText());
    }

    @Test
    void emptyJsonBodyAddsNothing() {
        ObjectNode args = WebInputs.build(request("POST", null, "application/json", ""), null, false, Set.of());
        assertFalse(args.has("__ow_body"));
    }

    @Test
    void malformedJsonIs400() {
        ApiException e = assertThrows(ApiException.class, () ->
                WebInputs.build(request("POST", null, "application/json", "{"), null, false, Set.of()));
        assertEquals(400, e.status());
    }

    @Test
    void rawHttpGetsQueryAndBodyVerbatim() {
        ObjectNode args = WebInputs.build(request("POST", "x=overridden&key2=value2", "application/json",
                "{\"x\":1}"), null, true, Set.of("x"));
        assertEquals("x=overridden&key2=value2", args.get("__ow_query").asText());
        // application/json is still base64 encoded for raw actions
        assertEquals(Base64.getEncoder().encodeToString("{\"x\":1}".getBytes(StandardCharsets.UTF_8)),
                args.get("__ow_body").asText());
        assertFalse(args.has("x"));

        args = WebInputs.build(request("POST", null, "text/plain", "hello"), null, true, Set.of());
        assertEquals("hello", args.get("__ow_body").asText());
        assertEquals("", args.get("__ow_query").asText());

        args = WebInputs.build(request("GET", null, null, null), null, true, Set.of());
        assertEquals("", args.get("__ow_body").asText());
        assertEquals("", args.get("__ow_query").asText());
    }

    @Test
    void reservedAndFinalParametersCannotBeSet() {
        for (String p : WebInputs.RESERVED) {
            ApiException q = assertThrows(ApiException.class, () ->
                    WebInputs.build(request("GET", p + "=YYY", null, null), null, false, Set.of()));
            assertEquals(400, q.status());
            assertEquals(WebInputs.PARAMETERS_NOT_ALLOWED, q.getMessage());
            ApiException b = assertThrows(ApiException.class, () ->
                    WebInputs.build(request("POST", null, "application/json", "{\"" + p + "\":\"YYY\"}"), null, false,
                            Set.of()));
            assertEquals(WebInputs.PARAMETERS_NOT_ALLOWED, b.getMessage());
        }
        assertThrows(ApiException.class, () ->
                WebInputs.build(request("GET", "x=overridden", null, null), null, false, Set.of("x")));
        ObjectNode ok = WebInputs.build(request("GET", "empty=overridden", null, null), null, false, Set.of("x"));
        assertEquals("overridden", ok.get("empty").asText());
    }

    /** WEB-024: OpenWhisk's header map keeps the last of repeated headers (Context.metadata, {@code toMap}). */
    @Test
    void aRepeatedRequestHeaderKeepsItsLastValue() {
        ObjectNode args = WebInputs.build(new WebInputs.Request("GET", List.of(new WebInputs.Header("X-Repeated", "first"),
                new WebInputs.Header("x-repeated", "second")), "", null, null, null), null, false, Set.of());
        assertEquals(Json.object().put("x-repeated", "second"), args.get("__ow_headers"));
    }

    /** WEB-025: proxy headers are request headers like any other; they set nothing else of the argument. */
    @Test
    void proxyHeadersPassThroughAndSetNothingElse() {
        ObjectNode args = WebInputs.build(new WebInputs.Request("GET", List.of(
                new WebInputs.Header("X-Forwarded-For", "203.0.113.7, 10.0.0.1"),
                new WebInputs.Header("X-Forwarded-Proto", "https"), new WebInputs.Header("X-Real-IP", "127.0.0.1"),
                new WebInputs.Header("Forwarded", "for=127.0.0.1")), "", null, null, null), null, false, Set.of());
        assertEquals(Json.object().put("x-forwarded-for", "203.0.113.7, 10.0.0.1").put("x-forwarded-proto", "https")
                .put("x-real-ip", "127.0.0.1").put("forwarded", "for=127.0.0.1"), args.get("__ow_headers"));
        assertFalse(args.has("__ow_user"));
        assertEquals(3, args.size());
    }
}
