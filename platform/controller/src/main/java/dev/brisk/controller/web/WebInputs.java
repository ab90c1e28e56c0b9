package dev.brisk.controller.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the argument a web action receives from the HTTP request (WebActions.scala, Context.toActionArgument):
 * the {@code __ow_*} context, then query parameters, then the fields of a JSON object or form body (last wins); any
 * other body goes in {@code __ow_body} (base64 when binary). A raw-http action gets {@code __ow_query} and
 * {@code __ow_body} verbatim instead.
 */
public final class WebInputs {
    public static final String METHOD = "__ow_method";
    public static final String HEADERS = dev.brisk.controller.invoke.FireArguments.HEADERS; // one name, both paths
    public static final String PATH = "__ow_path";
    public static final String USER = "__ow_user";
    public static final String QUERY = "__ow_query";
    public static final String BODY = "__ow_body";
    public static final Set<String> RESERVED = Set.of(METHOD, HEADERS, PATH, USER, QUERY, BODY);

    public static final String PARAMETERS_NOT_ALLOWED = Messages.PARAMETERS_NOT_ALLOWED;

    /** Request headers the HTTP layer keeps out of the header list (they describe the entity or the connection). */
    private static final Set<String> EXCLUDED_HEADERS = Set.of("content-length", "transfer-encoding", "timeout-access");

    private WebInputs() {
    }

    /** One request header as received. */
    public record Header(String name, String value) {
    }

    /**
     * The parts of a web request that reach the action.
     *
     * @param method      the HTTP verb
     * @param headers     the request headers in order (a name may repeat)
     * @param path        the unmatched rest of the path ({@code __ow_path})
     * @param rawQuery    the query string as sent, without {@code ?}, or null
     * @param contentType the request's Content-Type header, or null
     * @param body        the request entity (empty when none)
     */
    public record Request(String method, List<Header> headers, String path, String rawQuery, String contentType,
                          byte[] body) {
        public Request {
            headers = List.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }
    }

    /**
     * The action argument for {@code request}.
     *
     * @param user      the namespace of the authenticated caller, or null when anonymous
     * @param rawHttp   the action's {@code raw-http} annotation
     * @param immutable parameter names a request may not set (the action's defined parameters when it is
     *                  annotated {@code final})
     * @throws ApiException 400 when the request sets a reserved or immutable parameter, or its JSON is malformed
     */
    public static ObjectNode build(Request request, String user, boolean rawHttp, Set<String> immutable) {
        ObjectNode args = Json.object();
        args.put(METHOD, request.method().toLowerCase(Locale.ROOT));
        args.set(HEADERS, headers(request.headers()));
        args.put(PATH, request.path() == null ? "" : request.path());
        if (user != null) {
            args.put(USER, user);
        }
        JsonNode body = body(request.contentType(), request.body(), rawHttp);
        if (rawHttp) {
            args.put(QUERY, request.rawQuery() == null ? "" : request.rawQuery());
            args.set(BODY, body == null ? TextNode.valueOf("") : body);
            return args;
        }
        Map<String, String> query = parseQuery(request.rawQuery());
        Set<String> given = new LinkedHashSet<>(query.keySet());
        if (body != null && body.isObject()) {
            body.fieldNames().forEachRemaining(given::add);
        }
        for (String key : given) {
            if (RESERVED.contains(key) || immutable.contains(key)) {
                throw ApiException.badRequest(PARAMETERS_NOT_ALLOWED);
            }
        }
        query.forEach(args::put);
        if (body != null && body.isObject()) {
            body.properties().forEach(e -> args.set(e.getKey(), e.getValue()));
        } else if (body != null) {
            args.set(BODY, body);
        }
        return args;
    }

    /** {@code __ow_headers}: lower-cased names, the last value of a repeated header. */
    static ObjectNode headers(List<Header> headers) {
        ObjectNode o = Json.object();
        for (Header h : headers) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (!EXCLUDED_HEADERS.contains(name)) {
                o.put(name, h.value());
            }
        }
        return o;
    }

    /**
     * The body as the action sees it: null when there is none; a JSON value for a JSON-family body and a
     * string-valued object for a form (unless raw); otherwise a string, base64 encoded when the type is binary
     * or exactly {@code application/json} (OpenWhisk keeps encoding raw JSON for compatibility).
     */
    static JsonNode body(String contentType, byte[] body, boolean rawHttp) {
        WebMediaType type = WebMediaType.parse(contentType);
        if (body.length == 0 && (contentType == null || type == null)) {
            return null;
        }
        if (type == null) {
            // no (or an unparsable) Content-Type: the entity is application/octet-stream
            type = new WebMediaType("application", "octet-stream", Map.of());
        }
        if (!rawHttp && type.isJsonFamily()) {
            if (body.length == 0) {
                return null;
            }
            try {
                return Json.parse(body);
            } catch (Json.MalformedJsonException e) {
                throw ApiException.badRequest(Messages.malformed(e.getMessage()));
            }
        }
        if (!rawHttp && type.isForm()) {
            ObjectNode form = Json.object();
            parseForm(new String(body, type.charset()), type.charset()).forEach(form::put);
            return form;
        }
        if (type.isBinary() || type.essence().equals("application/json")) {
            return TextNode.valueOf(Base64.getEncoder().encodeToString(body));
        }
        return TextNode.valueOf(new String(body, type.charset()));
    }

    /** Query parameters, decoded; for a repeated name the last value wins. */
    public static Map<String, String> parseQuery(String rawQuery) {
        return parseForm(rawQuery, StandardCharsets.UTF_8);
    }

    static Map<String, String> parseForm(String text, Charset charset) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(decode(key, charset), decode(value, charset));
        }
        return out;
    }

    private static String decode(String s, Charset charset) {
        try {
            return URLDecoder.decode(s, charset);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
