package dev.brisk.controller.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebResultsTest {

    private static JsonNode activation(String status, String result) {
        ObjectNode a = Json.object();
        a.putObject("response").put("status", status).set("result", Json.parse(result));
        return a;
    }

    private static WebResults.WebResponse http(String result) {
        return WebResults.project(WebExtension.HTTP, activation("success", result));
    }

    private static ApiException fails(WebExtension ext, String status, String result) {
        return assertThrows(ApiException.class, () -> WebResults.project(ext, activation(status, result)));
    }

    @Test
    void jsonReturnsTheResultPrettyPrinted() {
        WebResults.WebResponse r = WebResults.project(WebExtension.JSON, activation("success", "{\"foobar\":\"foobar\"}"));
        assertEquals(200, r.status());
        assertEquals("application/json", r.contentType());
        assertEquals("{\n  \"foobar\": \"foobar\"\n}", r.bodyText());
        assertEquals("[1, 2]", WebResults.transcode(WebExtension.JSON, Json.parse("[1,2]")).bodyText());
        ApiException e = assertThrows(ApiException.class, () -> WebResults.transcode(WebExtension.JSON, Json.parse("\"s\"")));
        assertEquals(400, e.status());
        assertEquals("Response is not valid 'application/json'.", e.getMessage());
    }

    @Test
    void htmlSvgAndTextProjectTheirField() {
        WebResults.WebResponse html = WebResults.transcode(WebExtension.HTML, Json.parse("{\"html\":\"<p>hi</p>\"}"));
        assertEquals("text/html; charset=UTF-8", html.contentType());
        assertEquals("<p>hi</p>", html.bodyText());
        WebResults.WebResponse svg = WebResults.transcode(WebExtension.SVG, Json.parse("{\"svg\":\"<svg/>\"}"));
        assertEquals("image/svg+xml", svg.contentType());
        WebResults.WebResponse text = WebResults.transcode(WebExtension.TEXT, Json.parse("{\"text\":\"plain\"}"));
        assertEquals("text/plain; charset=UTF-8", text.contentType());
        assertEquals("plain", text.bodyText());
        // body takes precedence
        assertEquals("b", WebResults.transcode(WebExtension.HTML, Json.parse("{\"body\":\"b\",\"html\":\"h\"}")).bodyText());
        assertEquals("Response is not valid 'text/html'.",
                assertThrows(ApiException.class, () -> WebResults.transcode(WebExtension.HTML, Json.parse("{}"))).getMessage());
        ApiException missing = assertThrows(ApiException.class, () -> WebResults.transcode(WebExtension.TEXT, Json.parse("{}")));
        assertEquals(404, missing.status());
        assertEquals(WebResults.PROPERTY_NOT_FOUND, missing.getMessage());
    }

    @Test
    void textPrintsAnyJsonValue() {
        assertEquals("a", WebResults.transcode(WebExtension.TEXT, Json.parse("{\"body\":\"a\"}")).bodyText());
        assertEquals("true", WebResults.transcode(WebExtension.TEXT, Json.parse("{\"body\":true}")).bodyText());
        assertEquals("1", WebResults.transcode(WebExtension.TEXT, Json.parse("{\"body\":1}")).bodyText());
        assertEquals("null", WebResults.transcode(WebExtension.TEXT, Json.parse("{\"body\":null}")).bodyText());
        assertEquals("[\"a\"]", WebResults.transcode(WebExtension.TEXT, Json.parse("{\"body\":[\"a\"]}")).bodyText());
        assertEquals("{\n  \"a\": \"A\"\n}", WebResults.transcode(WebExtension.TEXT, Json.parse("{\"body\":{\"a\":\"A\"}}")).bodyText());
    }

    @Test
    void httpStatusHeadersAndBody() {
        WebResults.WebResponse r = http("{\"headers\":{\"location\":\"http://openwhisk.org\"},\"statusCode\":302}");
        assertEquals(302, r.status());
        assertEquals(List.of(Map.entry("location", "http://openwhisk.org")), r.headers());
        assertNull(r.contentType());
        assertEquals(444, http("{\"statusCode\":444}").status());
        assertEquals(200, http("{\"statusCode\":\"200\"}").status());
        assertEquals("Response is not valid 'message/http'.",
                fails(WebExtension.HTTP, "success", "{\"statusCode\":\"xyz\"}").getMessage());
        assertEquals(400, fails(WebExtension.HTTP, "success", "[1]").status());
        assertEquals(400, fails(WebExtension.HTTP, "success", "{\"headers\":[]}").status());
        assertEquals(400, fails(WebExtension.HTTP, "success", "{\"headers\":{\"a\":{}}}").status());
    }

    @Test
    void httpEmptyBodyIs204UnlessAStatusIsGiven() {
        for (String result : List.of("{}", "{\"body\":\"\"}", "{\"body\":null}")) {
            WebResults.WebResponse r = http(result);
            assertEquals(204, r.status());
            assertEquals(0, r.body().length);
            assertNull(r.contentType());
        }
        WebResults.WebResponse r = http("{\"statusCode\":200,\"headers\":{\"Set-Cookie\":\"a=b\",\"content-type\":\"application/json\"}}");
        assertEquals(200, r.status());
        assertEquals(List.of(Map.entry("Set-Cookie", "a=b")), r.headers());
        assertNull(r.contentType());
    }

    @Test
    void httpStringBodies() {
        WebResults.WebResponse html = http("{\"body\":\"hello world\"}");
        assertEquals(200, html.status());
        assertEquals("text/html; charset=UTF-8", html.contentType());
        assertEquals("hello world", html.bodyText());

        WebResults.WebResponse json = http("{\"headers\":{\"content-type\":\"application/json\"},\"statusCode\":201,"
                + "\"body\":\"{\\\"field\\\":\\\"value\\\"}\"}");
        assertEquals(201, json.status());
        assertEquals("application/json", json.contentType());
        assertEquals("{\"field\":\"value\"}", json.bodyText());

        // a non-base64 string stays text even when declared JSON
        assertEquals("hello world", http("{\"headers\":{\"content-type\":\"application/json\"},\"body\":\"hello world\"}").bodyText());

        String b64 = Base64.getEncoder().encodeToString("{\"field\":\"value\"}".getBytes());
        WebResults.WebResponse patch = http("{\"headers\":{\"content-type\":\"application/json-patch+json\"},\"body\":\"" + b64 + "\"}");
        assertEquals("application/json-patch+json", patch.contentType());
        assertEquals("{\"field\":\"value\"}", patch.bodyText());

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        WebResults.WebResponse image = http("{\"headers\":{\"Content-Type\":\"image/png\"},\"body\":\""
                + Base64.getEncoder().encodeToString(png) + "\"}");
        assertEquals("image/png", image.contentType());
        assertArrayEquals(png, image.body());
        assertTrue(image.headers().isEmpty());

        assertEquals(WebResults.CONTENT_TYPE_MISMATCH,
                fails(WebExtension.HTTP, "success", "{\"headers\":{\"content-type\":\"image/png\"},\"body\":\"not base64!\"}").getMessage());
        assertEquals(WebResults.UNKNOWN_CONTENT_TYPE,
                fails(WebExtension.HTTP, "success", "{\"headers\":{\"content-type\":\"xyzbar\"},\"body\":\"hello\"}").getMessage());
    }

    @Test
    void httpJsonBodies() {
        WebResults.WebResponse r = http("{\"statusCode\":200,\"body\":{\"field\":\"value\"}}");
        assertEquals("application/json", r.contentType());
        assertEquals(Json.parse("{\"field\":\"value\"}"), Json.parse(r.bodyText()));
        assertEquals("3", http("{\"body\":3}").bodyText());
        assertEquals("application/hal+json",
                http("{\"headers\":{\"content-type\":\"application/hal+json\"},\"body\":{\"a\":1}}").contentType());
        assertEquals(WebResults.CONTENT_TYPE_MISMATCH,
                fails(WebExtension.HTTP, "success", "{\"headers\":{\"content-type\":\"text/html\"},\"body\":{\"a\":1}}").getMessage());
    }

    @Test
    void httpHeaderValuesAndMultipleValues() {
        WebResults.WebResponse r = http("{\"headers\":{\"Set-Cookie\":[\"a=b\",\"c=d; Path = /\"],\"X-N\":1,\"X-B\":true},"
                + "\"statusCode\":200}");
        assertEquals(List.of(Map.entry("Set-Cookie", "a=b"), Map.entry("Set-Cookie", "c=d; Path = /"),
                Map.entry("X-N", "1"), Map.entry("X-B", "true")), r.headers());
    }

    /** WEB-023: nested arrays flatten (headersFromJson recurses); an object or null anywhere is not a header value. */
    @Test
    void httpHeaderArraysFlattenAndRefuseObjectsAndNull() {
        WebResults.WebResponse r = http("{\"headers\":{\"X-Mixed\":[\"one\",2,true,[\"nested\",[3.5]]],\"X-None\":[]},"
                + "\"body\":\"ok\"}");
        assertEquals(List.of(Map.entry("X-Mixed", "one"), Map.entry("X-Mixed", "2"), Map.entry("X-Mixed", "true"),
                Map.entry("X-Mixed", "nested"), Map.entry("X-Mixed", "3.5")), r.headers());
        for (String bad : List.of("[\"fine\",{\"a\":1}]", "[null]", "null", "{\"a\":\"b\"}")) {
            assertEquals("Response is not valid 'message/http'.", fails(WebExtension.HTTP, "success",
                    "{\"headers\":{\"X-Bad\":" + bad + "},\"body\":\"x\"}").getMessage(), bad);
        }
    }

    /** WEB-027: the framing headers and headers that would split the message are left out; the rest is sent. */
    @Test
    void headersThatWouldBreakTheMessageAreLeftOut() {
        WebResults.WebResponse r = http("{\"headers\":{\"Content-Length\":\"1\",\"transfer-encoding\":\"chunked\","
                + "\"Connection\":\"close\",\"Date\":\"yesterday\",\"Server\":\"evil\",\"Trailer\":\"X\","
                + "\"X-Split\":\"a\\r\\nX-Injected: yes\",\"X-Lf\":[\"ok\",\"a\\nb\"],\"X-Nul\":\"a\\u0000b\","
                + "\"Bad Name\":\"v\",\"X:Y\":\"v\",\"\":\"v\",\"X-Name\\r\\nEvil\":\"v\",\"X-Tab\":\"a\\tb\","
                + "\"X-Kept\":\"yes\",\"Upgrade\":\"h2c\"},\"body\":\"hello\"}");
        assertEquals(List.of(Map.entry("X-Lf", "ok"), Map.entry("X-Tab", "a\tb"), Map.entry("X-Kept", "yes"),
                Map.entry("Upgrade", "h2c")), r.headers());
        assertEquals("hello", r.bodyText());
        // a Content-Type is parsed, not sent: a broken one is OpenWhisk's 400
        assertEquals(WebResults.UNKNOWN_CONTENT_TYPE, fails(WebExtension.HTTP, "success",
                "{\"headers\":{\"Content-Type\":\"text/html\\r\\nX-Injected: yes\"},\"body\":\"x\"}").getMessage());
    }

    /** WEB-023: every value of a repeated header stays a header field of its own in the JAX-RS response. */
    @Test
    void repeatedHeaderValuesEachReachTheResponse() {
        WebResults.WebResponse r = http("{\"headers\":{\"Set-Cookie\":[\"a=b\",\"c=d; Path=/\"]},\"body\":\"ok\"}");
        jakarta.ws.rs.core.Response response = WebActionsResource.toResponse(r, null,
                WebActionsResource.defaultCors(null)).build();
        assertEquals(List.of("a=b", "c=d; Path=/"), response.getStringHeaders().get("Set-Cookie"));
        assertEquals(List.of("*"), response.getStringHeaders().get(WebActionsResource.ALLOW_ORIGIN));
    }

    /**
     * WEB-028: an action's own CORS header replaces the default of that name, whatever its case (OpenWhisk would send
     * both, and a browser refuses two Access-Control-Allow-Origin values); the other defaults stay.
     */
    @Test
    void anActionsOwnCorsHeaderReplacesTheDefaultOfThatName() {
        WebResults.WebResponse r = http("{\"headers\":{\"access-control-allow-origin\":\"https://app.example\"},"
                + "\"body\":\"ok\"}");
        jakarta.ws.rs.core.Response response = WebActionsResource.toResponse(r, null,
                WebActionsResource.defaultCors(null)).build();
        List<String> origins = new java.util.ArrayList<>();
        response.getStringHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase(WebActionsResource.ALLOW_ORIGIN)) {
                origins.addAll(values);
            }
        });
        assertEquals(List.of("https://app.example"), origins, response.getStringHeaders().toString());
        assertEquals(List.of(WebActionsResource.WEB_METHODS),
                response.getStringHeaders().get(WebActionsResource.ALLOW_METHODS));
    }

    @Test
    void applicationErrorsProjectTheErrorField() {
        WebResults.WebResponse r = WebResults.project(WebExtension.HTTP,
                activation("application error", "{\"error\":{\"statusCode\":200,\"body\":\"no hello for you\"}}"));
        assertEquals(200, r.status());
        assertEquals("no hello for you", r.bodyText());
        assertEquals(400, WebResults.project(WebExtension.HTTP,
                activation("application error", "{\"error\":{\"statusCode\":400}}")).status());
        assertEquals("Response is not valid 'application/json'.",
                fails(WebExtension.JSON, "application error", "{\"error\":\"bad response type\"}").getMessage());
        assertEquals(404, fails(WebExtension.JSON, "application error", "{\"message\":\"x\"}").status());
    }

    @Test
    void developerAndPlatformErrorsAre400() {
        for (String status : List.of("action developer error", "whisk internal error")) {
            ApiException e = fails(WebExtension.JSON, status, "{\"error\":\"boom\"}");
            assertEquals(400, e.status());
            assertEquals(WebResults.ERROR_PROCESSING, e.getMessage());
        }
    }

    @Test
    void requireWhiskAuth() {
        Parameters none = Parameters.EMPTY;
        assertTrue(WebActionsResource.authorized(none, null, false));
        Parameters yes = Parameters.EMPTY.with("require-whisk-auth", Json.MAPPER.getNodeFactory().booleanNode(true));
        assertFalse(WebActionsResource.authorized(yes, null, false));
        assertTrue(WebActionsResource.authorized(yes, null, true));
        Parameters no = Parameters.EMPTY.with("require-whisk-auth", Json.MAPPER.getNodeFactory().booleanNode(false));
        assertTrue(WebActionsResource.authorized(no, null, false));
        Parameters secret = Parameters.EMPTY.with("require-whisk-auth", Json.MAPPER.getNodeFactory().textNode("s3cr3t"));
        assertFalse(WebActionsResource.authorized(secret, null, true));
        assertFalse(WebActionsResource.authorized(secret, "s3cr3t-bad", false));
        assertTrue(WebActionsResource.authorized(secret, "s3cr3t", false));
        Parameters number = Parameters.EMPTY.with("require-whisk-auth", Json.MAPPER.getNodeFactory().numberNode(1234));
        assertTrue(WebActionsResource.authorized(number, "1234", false));
        assertFalse(WebActionsResource.authorized(number, "123", false));
    }

    @Test
    void contentNegotiation() {
        WebMediaType html = WebMediaType.parse("text/html; charset=UTF-8");
        assertTrue(WebMediaType.accepts(null, html));
        assertTrue(WebMediaType.accepts("*/*", html));
        assertTrue(WebMediaType.accepts("text/*", html));
        assertTrue(WebMediaType.accepts("application/json, text/html;q=0.5", html));
        assertFalse(WebMediaType.accepts("application/json", html));
        assertFalse(WebMediaType.accepts("text/html;q=0", html));
    }

    @Test
    void binaryMediaTypes() {
        assertTrue(WebMediaType.parse("image/png").isBinary());
        assertTrue(WebMediaType.parse("application/octet-stream").isBinary());
        assertFalse(WebMediaType.parse("text/plain").isBinary());
        assertFalse(WebMediaType.parse("application/json").isBinary());
        assertFalse(WebMediaType.parse("application/xml").isBinary());
        assertFalse(WebMediaType.parse("image/svg+xml").isBinary());
        assertFalse(WebMediaType.parse("application/x-custom; charset=utf-8").isBinary());
        assertTrue(WebMediaType.parse("application/json-patch+json").isJsonFamily());
        assertEquals(null, WebMediaType.parse("xyzbar"));
    }
}
