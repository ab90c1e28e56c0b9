package dev.brisk.controller.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The swagger documents of the route management actions (apache/openwhisk core/routemgmt, apigw-utils.js): an API is
 * a swagger 2.0 document with a base path, whose operations carry {@code x-openwhisk} (namespace, package, action,
 * url of the web action). Every document is checked and rewritten to the caller's namespace before it is stored:
 * whatever a client sends, a route reaches only web actions of its own namespace.
 */
final class ApiDocs {
    static final Set<String> VERBS = Set.of("get", "post", "put", "delete", "patch", "head", "options");
    static final Set<String> RESPONSE_TYPES = Set.of("json", "http", "text", "html", "svg");
    static final String DEFAULT_RESPONSE_TYPE = "json";
    static final int MAX_OPERATIONS = 500;

    private ApiDocs() {
    }

    /** The namespace a client names: "_" (or nothing) is the caller's own; any other must be it. */
    static void requireOwnNamespace(String named, String namespace) {
        if (named != null && !named.isEmpty() && !named.equals("_") && !named.equals(namespace)) {
            throw new ApiException(403, "A route may only reach web actions of its own namespace '" + namespace
                    + "', not '" + named + "'.");
        }
    }

    /** A new, empty API (generateBaseSwaggerApi). */
    static ObjectNode base(String basePath, String apiName) {
        ObjectNode s = Json.object();
        s.put("swagger", "2.0");
        s.putObject("info").put("title", apiName != null && !apiName.isEmpty() ? apiName : basePath)
                .put("version", "1.0.0");
        s.put("basePath", basePath);
        s.putObject("paths");
        return s;
    }

    /** Adds the endpoint of a createApi {@code apidoc} (gatewayPath, gatewayMethod, action) to {@code api}. */
    static ObjectNode addEndpoint(ObjectNode api, JsonNode apidoc, String namespace, String responseType,
                                  String apiHost) {
        String relpath = text(apidoc, "gatewayPath");
        RouteTemplate template = RouteTemplate.relativePath(relpath);
        String verb = verb(text(apidoc, "gatewayMethod"));
        JsonNode action = apidoc.path("action");
        if (!action.isObject()) {
            throw ApiException.badRequest("apidoc is missing the action.");
        }
        requireOwnNamespace(action.path("namespace").asText(null), namespace);
        String[] name = actionName(text(action, "name"));
        ObjectNode op = Json.object();
        op.put("operationId", verb + relpath.replaceAll("[^0-9A-Za-z_-]+", "_"));
        if (!template.parameters().isEmpty()) {
            var params = op.putArray("parameters");
            template.parameters().forEach(p -> params.addObject().put("name", p).put("in", "path")
                    .put("description", "Default description for '" + p + "'").put("required", true)
                    .put("type", "string"));
        }
        op.set("x-openwhisk", openWhisk(namespace, name[0], name[1], responseType(responseType), apiHost));
        op.putObject("responses").putObject("default").put("description", "Default response");
        ObjectNode paths = object(api, "paths");
        object(paths, relpath).set(verb, op);
        return validate(api, namespace, apiHost);
    }

    /**
     * Checks a whole API (a swagger document sent with createApi, or one being extended) and rewrites each
     * operation's {@code x-openwhisk} to the caller's namespace and this host's web action URL.
     */
    static ObjectNode validate(JsonNode swagger, String namespace, String apiHost) {
        if (!swagger.isObject()) {
            throw ApiException.badRequest("The swagger document must be a JSON object.");
        }
        ObjectNode api = ((ObjectNode) swagger).deepCopy();
        String basePath = text(api, "basePath");
        RouteTemplate.basePath(basePath);
        if (!api.path("info").isObject()) {
            api.putObject("info").put("title", basePath).put("version", "1.0.0");
        }
        if (!api.path("paths").isObject()) {
            throw ApiException.badRequest("The swagger document has no paths.");
        }
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            RouteTemplate.relativePath(path.getKey());
            if (!path.getValue().isObject()) {
                throw ApiException.badRequest("The path '" + path.getKey() + "' must be an object.");
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                if (!VERBS.contains(op.getKey()) || !op.getValue().isObject()) {
                    throw ApiException.badRequest("The path '" + path.getKey() + "' has an invalid operation '"
                            + op.getKey() + "'.");
                }
                if (++operations > MAX_OPERATIONS) {
                    throw ApiException.badRequest("An API has at most " + MAX_OPERATIONS + " operations.");
                }
                JsonNode ow = op.getValue().path("x-openwhisk");
                if (!ow.isObject()) {
                    throw ApiException.badRequest("The operation " + op.getKey() + " " + path.getKey()
                            + " has no x-openwhisk action.");
                }
                requireOwnNamespace(ow.path("namespace").asText(null), namespace);
                String pkg = ow.path("package").asText("");
                String action = text(ow, "action");
                String[] name = actionName(pkg.isEmpty() ? action : pkg + "/" + action);
                ((ObjectNode) op.getValue()).set("x-openwhisk", openWhisk(namespace, name[0], name[1],
                        responseTypeOf(ow.path("url").asText("")), apiHost));
            }
        }
        return api;
    }

    /** The response type of a stored operation, from its web action URL's extension. */
    static String responseTypeOf(String url) {
        int dot = url.lastIndexOf('.');
        int slash = url.lastIndexOf('/');
        String ext = dot > slash ? url.substring(dot + 1) : "";
        return RESPONSE_TYPES.contains(ext) ? ext : DEFAULT_RESPONSE_TYPE;
    }

    static String responseType(String requested) {
        if (requested == null || requested.isEmpty()) {
            return DEFAULT_RESPONSE_TYPE;
        }
        String t = requested.toLowerCase(Locale.ROOT);
        if (!RESPONSE_TYPES.contains(t)) {
            throw ApiException.badRequest("Invalid response type '" + requested + "'. Valid values are: "
                    + String.join(", ", List.of("json", "http", "text", "html", "svg")) + ".");
        }
        return t;
    }

    private static ObjectNode openWhisk(String namespace, String pkg, String action, String responseType,
                                        String apiHost) {
        ObjectNode ow = Json.object();
        ow.put("namespace", namespace);
        ow.put("package", pkg);
        ow.put("action", action);
        ow.put("url", apiHost + "/api/v1/web/" + encode(namespace) + "/" + (pkg.isEmpty() ? "default" : pkg)
                + "/" + action + "." + responseType);
        return ow;
    }

    /** {package or "", action} of "action" or "package/action"; anything else is refused. */
    static String[] actionName(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        String[] parts = n.split("/", -1);
        boolean valid = parts.length <= 2 && java.util.Arrays.stream(parts).allMatch(EntityName::isValid);
        if (!valid) {
            throw ApiException.badRequest("Invalid action name '" + name
                    + "': an action of the namespace, 'action' or 'package/action'.");
        }
        return parts.length == 2 ? new String[]{parts[0], parts[1]} : new String[]{"", parts[0]};
    }

    static String verb(String verb) {
        String v = verb.toLowerCase(Locale.ROOT);
        if (!VERBS.contains(v)) {
            throw ApiException.badRequest("Invalid operation '" + verb + "'. Valid values are: "
                    + "get, post, put, delete, patch, head, options.");
        }
        return v;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw ApiException.badRequest("'" + field + "' is required.");
        }
        return v.asText();
    }

    /** The object field {@code name} of {@code parent}, made when it is missing (Jackson's with() reads pointers). */
    static ObjectNode object(ObjectNode parent, String name) {
        JsonNode v = parent.get(name);
        return v != null && v.isObject() ? (ObjectNode) v : parent.putObject(name);
    }

    /** A namespace as one URL path segment. */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
