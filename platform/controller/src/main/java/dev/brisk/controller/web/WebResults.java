package dev.brisk.controller.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.error.ApiException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns an activation into the HTTP response of a web action (WebActions.scala, completeRequest and the media
 * transcoders): a successful result is projected whole, an application error through its {@code error} field, by
 * the transcoder of the URL's extension; developer and platform errors become 400.
 */
public final class WebResults {
    public static final String ERROR_PROCESSING = "There was an error processing your request.";
    public static final String PROPERTY_NOT_FOUND = "Response does not include requested property.";
    public static final String UNKNOWN_CONTENT_TYPE = "Response did not specify a known content-type.";
    public static final String CONTENT_TYPE_MISMATCH = "Response type in header did not match generated content type.";

    /** RFC 9110 {@code token}: what a header name is made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the HTTP layer writes itself; an action's would contradict the message's framing. */
    private static final java.util.Set<String> FRAMING_HEADERS =
            java.util.Set.of("content-length", "transfer-encoding", "connection", "date", "server", "trailer");

    private static final Pattern BASE64 =
            Pattern.compile("^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$");

    private WebResults() {
    }

    /**
     * A web response before it is handed to JAX-RS.
     *
     * @param contentType null when there is no entity
     * @param body        the entity bytes; empty when there is none
     */
    public record WebResponse(int status, List<Map.Entry<String, String>> headers, String contentType, byte[] body) {
        public WebResponse {
            headers = List.copyOf(headers);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static String invalidMedia(String mediaType) {
        return "Response is not valid '" + mediaType + "'.";
    }

    /**
     * The response for a finished activation in API form ({@code response.status}, {@code response.result}).
     *
     * @throws ApiException with OpenWhisk's status and text when the result cannot be projected
     */
    public static WebResponse project(WebExtension extension, JsonNode activation) {
        JsonNode response = activation.path("response");
        String status = response.path("status").asText();
        JsonNode result = response.path("result");
        JsonNode projection;
        if ("success".equals(status)) {
            projection = result.isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : result;
        } else if ("application error".equals(status)) {
            projection = result.isObject() ? result.get("error") : null;
            if (projection == null) {
                throw new ApiException(404, PROPERTY_NOT_FOUND);
            }
        } else {
            throw ApiException.badRequest(ERROR_PROCESSING);
        }
        return transcode(extension, projection);
    }

    /** Applies the transcoder of {@code extension} to a projected result. */
    public static WebResponse transcode(WebExtension extension, JsonNode result) {
        return switch (extension) {
            case JSON -> asJson(result);
            case HTML -> asMarkup(result, "html", "text/html; charset=UTF-8", "text/html");
            case SVG -> asMarkup(result, "svg", "image/svg+xml", "image/svg+xml");
            case TEXT -> asText(result);
            case HTTP -> asHttp(result);
        };
    }

    private static WebResponse asJson(JsonNode result) {
        if (result.isObject() || result.isArray()) {
            return entity(200, List.of(), "application/json", WebJson.pretty(result));
        }
        throw ApiException.badRequest(invalidMedia("application/json"));
    }

    private static WebResponse asMarkup(JsonNode result, String field, String contentType, String mediaType) {
        JsonNode value = result.isObject() ? firstOf(result, "body", field) : result;
        if (value != null && value.isTextual()) {
            return entity(200, List.of(), contentType, value.asText());
        }
        throw ApiException.badRequest(invalidMedia(mediaType));
    }

    private static WebResponse asText(JsonNode result) {
        JsonNode value = result.isObject() ? firstOf(result, "body", "text") : result;
        if (value == null) {
            throw new ApiException(404, PROPERTY_NOT_FOUND);
        }
        return entity(200, List.of(), "text/plain; charset=UTF-8", WebJson.text(value));
    }

    private static JsonNode firstOf(JsonNode o, String first, String second) {
        JsonNode v = o.get(first);
        return v != null ? v : o.get(second);
    }

    /** {@code .http}: {@code {statusCode, headers, body}}, any part optional. */
    private static WebResponse asHttp(JsonNode result) {
        if (!result.isObject()) {
            throw invalidHttp();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        JsonNode hs = result.get("headers");
        if (hs != null) {
            if (!hs.isObject()) {
                throw invalidHttp();
            }
            hs.properties().forEach(e -> addHeader(headers, e.getKey(), e.getValue()));
            // Content-Type is not sent as given: it is parsed below (a broken one is a 400, as in OpenWhisk)
            headers.removeIf(h -> !h.getKey().equalsIgnoreCase("content-type") && !sendable(h.getKey(), h.getValue()));
        }
        Integer code = statusCode(result.get("statusCode"));
        String declaredType = null;
        List<Map.Entry<String, String>> others = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("content-type")) {
                if (declaredType == null) {
                    declaredType = h.getValue();
                }
            } else {
                others.add(h);
            }
        }
        JsonNode body = result.get("body");
        if (body == null || body.isNull() || (body.isTextual() && body.asText().isEmpty())) {
            return new WebResponse(code != null ? code : 204, others, null, new byte[0]);
        }
        int status = code != null ? code : 200;
        if (body.isTextual()) {
            return stringBody(status, others, declaredType, body.asText());
        }
        WebMediaType type = declaredType == null ? WebMediaType.parse("application/json") : WebMediaType.parse(declaredType);
        if (type == null) {
            throw ApiException.badRequest(UNKNOWN_CONTENT_TYPE);
        }
        if (!type.isJsonFamily()) {
            throw ApiException.badRequest(CONTENT_TYPE_MISMATCH);
        }
        return entity(status, others, type.essence(), WebJson.pretty(body));
    }

    private static WebResponse stringBody(int status, List<Map.Entry<String, String>> headers, String declaredType,
                                          String body) {
        WebMediaType type = declaredType == null ? WebMediaType.parse("text/html") : WebMediaType.parse(declaredType);
        if (type == null) {
            throw ApiException.badRequest(UNKNOWN_CONTENT_TYPE);
        }
        boolean decode = type.isJsonFamily() ? isBase64(body) : type.isBinary();
        if (decode) {
            try {
                byte[] bytes = Base64.getDecoder().decode(type.isJsonFamily() ? body.trim() : body);
                return new WebResponse(status, headers, type.isJsonFamily() ? type.renderForText() : type.render(), bytes);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(CONTENT_TYPE_MISMATCH);
            }
        }
        return entity(status, headers, type.renderForText(), body);
    }

    /**
     * Whether an action's header may go on the wire (WEB-027). OpenWhisk's HTTP layer (pekko-http) leaves out the
     * headers it frames the message with itself ({@code Content-Length}, {@code Transfer-Encoding},
     * {@code Connection}, {@code Date}, {@code Server}) and any header containing CR or LF, which would split the
     * response. Brisk's server would honour some of them, so they are dropped here; so are {@code Trailer} (it turns
     * the response into a chunked one with trailers), names that are not HTTP tokens and values with other control
     * characters, which an HTTP/1.1 message cannot carry either.
     */
    static boolean sendable(String name, String value) {
        if (!TOKEN.matcher(name).matches() || FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    static boolean isBase64(String s) {
        String t = s.trim();
        return !t.isEmpty() && t.length() % 4 == 0 && BASE64.matcher(t).matches();
    }

    private static void addHeader(List<Map.Entry<String, String>> out, String name, JsonNode value) {
        if (value.isTextual()) {
            out.add(Map.entry(name, value.asText()));
        } else if (value.isBoolean()) {
            out.add(Map.entry(name, Boolean.toString(value.asBoolean())));
        } else if (value.isNumber()) {
            out.add(Map.entry(name, number(value)));
        } else if (value.isArray()) {
            value.forEach(v -> addHeader(out, name, v));
        } else {
            throw invalidHttp();
        }
    }

    private static String number(JsonNode n) {
        return n.isIntegralNumber() ? n.bigIntegerValue().toString() : n.decimalValue().toString();
    }

    /** A whole number (or a string of one) in the range of HTTP status codes; null when absent. */
    private static Integer statusCode(JsonNode node) {
        if (node == null) {
            return null;
        }
        int code;
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            try {
                code = d.intValueExact();
            } catch (ArithmeticException e) {
                throw invalidHttp();
            }
        } else if (node.isTextual()) {
            try {
                code = Integer.parseInt(node.asText().trim());
            } catch (NumberFormatException e) {
                throw invalidHttp();
            }
        } else {
            throw invalidHttp();
        }
        if (code < 100 || code > 599) {
            throw invalidHttp();
        }
        return code;
    }

    private static ApiException invalidHttp() {
        return ApiException.badRequest(invalidMedia("message/http"));
    }

    private static WebResponse entity(int status, List<Map.Entry<String, String>> headers, String type, String text) {
        return new WebResponse(status, headers, type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The media type of a response's Content-Type, for content negotiation. */
    public static WebMediaType mediaTypeOf(WebResponse r) {
        return r.contentType() == null ? null : WebMediaType.parse(r.contentType().toLowerCase(Locale.ROOT));
    }
}
