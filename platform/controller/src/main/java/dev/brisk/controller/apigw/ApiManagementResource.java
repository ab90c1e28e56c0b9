package dev.brisk.controller.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.auth.Authenticator;
import dev.brisk.controller.entity.ApiStore;
import dev.brisk.controller.http.BasicCredentials;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.http.Transaction;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * OpenWhisk's route management (the whisk.system/apimgmt web actions createApi, getApi, deleteApi of
 * apache/openwhisk core/routemgmt), answered natively: {@code wsk api} and the npm client's {@code routes} call
 * {@code /api/v1/web/whisk.system/apimgmt/<op>[.http]} with the caller's credentials. The APIs are kept per
 * namespace in {@link ApiStore} and served by {@link RoutesResource}. The access token and space guid that clients
 * send for the external gateway are ignored: the caller's credentials decide the namespace.
 */
@Path("api/v1/web/whisk.system/apimgmt/{operation}")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class ApiManagementResource {
    private static final String REALM = "OpenWhisk secure realm";
    private final Authenticator authenticator;
    private final ApiStore store;
    private final ApiHost apiHost;

    @Inject
    public ApiManagementResource(Authenticator authenticator, ApiStore store, ApiHost apiHost) {
        this.authenticator = authenticator;
        this.store = store;
        this.apiHost = apiHost;
    }

    @POST
    public Response post(@Context ContainerRequestContext request, @PathParam("operation") String operation,
                         byte[] body) {
        return answer(request, operation, "createApi", caller -> create(request, caller, body));
    }

    @GET
    public Response get(@Context ContainerRequestContext request, @PathParam("operation") String operation) {
        return answer(request, operation, "getApi", caller -> list(request, caller));
    }

    @DELETE
    public Response delete(@Context ContainerRequestContext request, @PathParam("operation") String operation) {
        return answer(request, operation, "deleteApi", caller -> remove(request, caller));
    }

    private Response answer(ContainerRequestContext request, String operation, String expected,
                            Function<Identity, JsonNode> handler) {
        String transid = Transaction.of(request);
        String name = operation.endsWith(".http") ? operation.substring(0, operation.length() - 5)
                : operation.endsWith(".json") ? operation.substring(0, operation.length() - 5) : operation;
        if (!name.equals(expected)) {
            boolean known = name.equals("createApi") || name.equals("getApi") || name.equals("deleteApi");
            String allowed = name.equals("createApi") ? "POST" : name.equals("getApi") ? "GET" : "DELETE";
            return known ? Responses.error(405, Messages.METHOD_NOT_ALLOWED + allowed, transid)
                    : Responses.error(404, Messages.RESOURCE_DOES_NOT_EXIST, transid);
        }
        Optional<Identity> caller = BasicCredentials.decode(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .flatMap(authenticator::authenticate);
        if (caller.isEmpty()) {
            return Response.fromResponse(Responses.error(401, Messages.AUTH_MISSING, transid))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"").build();
        }
        try {
            return Responses.ok(handler.apply(caller.get()));
        } catch (ApiException e) {
            return Responses.error(e.status(), e.getMessage(), transid);
        } catch (Json.MalformedJsonException e) {
            return Responses.error(400, "The request content was malformed:\n" + e.getMessage(), transid);
        }
    }

    /** createApi: adds an endpoint to the API of its base path, or replaces the API with a swagger document. */
    private JsonNode create(ContainerRequestContext request, Identity caller, byte[] body) {
        String namespace = caller.namespace();
        requireRoutable(namespace);
        JsonNode content = Json.parse(body);
        if (!content.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object with an apidoc.");
        }
        JsonNode apidoc = content.path("apidoc");
        if (apidoc.isTextual()) {
            apidoc = Json.parse(apidoc.asText());
        }
        if (!apidoc.isObject()) {
            throw ApiException.badRequest("apidoc is required.");
        }
        ApiDocs.requireOwnNamespace(apidoc.path("namespace").asText(null), namespace);
        String host = apiHost.of(request);
        String responseType = Optional.ofNullable(query(request, "responsetype"))
                .orElse(content.path("responsetype").asText(null));
        JsonNode swagger = apidoc.path("swagger");
        if (swagger.isTextual()) {
            // the CLI sends the file of --config-file as a string, and may send "" without one
            swagger = swagger.asText().isBlank() ? Json.MAPPER.missingNode() : Json.parse(swagger.asText());
        }
        ObjectNode api;
        if (swagger.isObject()) {
            // a whole API: it replaces whatever its base path had
            ObjectNode checked = ApiDocs.validate(swagger, namespace, host);
            api = store.update(namespace, checked.get("basePath").asText(), old -> checked).orElseThrow();
        } else {
            String basePath = ApiDocs.text(apidoc, "gatewayBasePath");
            RouteTemplate.basePath(basePath);
            String apiName = apidoc.path("apiName").asText(null);
            JsonNode endpoint = apidoc;
            api = store.update(namespace, basePath, old -> ApiDocs.addEndpoint(
                    old != null ? old : ApiDocs.base(basePath, apiName), endpoint, namespace, responseType, host))
                    .orElseThrow();
        }
        return cliApi(namespace, api, host);
    }

    /** getApi: the namespace's APIs, or those whose base path or name is {@code basepath}. */
    private JsonNode list(ContainerRequestContext request, Identity caller) {
        String namespace = caller.namespace();
        String basepath = query(request, "basepath");
        int skip = number(query(request, "skip"), 0);
        int limit = number(query(request, "limit"), Integer.MAX_VALUE);
        String host = apiHost.of(request);
        ObjectNode out = Json.object();
        ArrayNode apis = out.putArray("apis");
        store.apis(namespace).values().stream()
                .filter(api -> basepath == null || basepath.equals(api.path("basePath").asText())
                        || basepath.equals(api.path("info").path("title").asText()))
                .skip(skip).limit(limit)
                .forEach(api -> apis.add(cliApi(namespace, api, host)));
        return out;
    }

    /** deleteApi: the API of a base path (or name), or one path or operation of it. */
    private JsonNode remove(ContainerRequestContext request, Identity caller) {
        String namespace = caller.namespace();
        String basepath = query(request, "basepath");
        if (basepath == null || basepath.isEmpty()) {
            throw ApiException.badRequest("basepath is required.");
        }
        String relpath = query(request, "relpath");
        String operation = query(request, "operation");
        if (operation != null && relpath == null) {
            throw ApiException.badRequest("When specifying an operation, the path is required.");
        }
        Map<String, ObjectNode> apis = store.apis(namespace);
        String key = apis.containsKey(basepath) ? basepath : apis.entrySet().stream()
                .filter(e -> basepath.equals(e.getValue().path("info").path("title").asText()))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new ApiException(404, "API '" + basepath + "' does not exist."));
        boolean[] found = {true};
        store.update(namespace, key, old -> {
            if (old == null) {
                found[0] = false;
                return null;
            }
            if (relpath == null) {
                return null;
            }
            ObjectNode paths = ApiDocs.object(old, "paths");
            if (!paths.has(relpath)) {
                found[0] = false;
                return old;
            }
            if (operation == null) {
                paths.remove(relpath);
            } else {
                ObjectNode ops = (ObjectNode) paths.get(relpath);
                if (ops.remove(operation.toLowerCase(java.util.Locale.ROOT)) == null) {
                    found[0] = false;
                    return old;
                }
                if (ops.properties().stream().noneMatch(e -> ApiDocs.VERBS.contains(e.getKey()))) {
                    paths.remove(relpath);
                }
            }
            return paths.isEmpty() ? null : old;
        });
        if (!found[0]) {
            throw new ApiException(404, "API '" + basepath + "' has no " + (operation != null ? "operation '"
                    + operation + "' on " : "") + "path '" + relpath + "'.");
        }
        return Json.object();
    }

    /** The CLI's shape of an API (apigw-utils.js generateCliApiFromGwApi), {@code gwApiUrl} where it is served. */
    static ObjectNode cliApi(String namespace, ObjectNode api, String host) {
        String basePath = api.path("basePath").asText();
        ObjectNode out = Json.object();
        out.put("id", "API:" + namespace + ":" + basePath);
        out.put("key", "API:" + namespace + ":" + basePath);
        ObjectNode value = out.putObject("value");
        value.put("namespace", namespace);
        value.put("gwApiActivated", true);
        value.put("tenantId", namespace);
        value.put("gwApiUrl", host + RoutesResource.PREFIX + ApiDocs.encode(namespace)
                + (basePath.equals("/") ? "" : basePath));
        value.set("apidoc", api);
        return out;
    }

    /** {@code /api/v1/...} is OpenWhisk's API: a namespace named v1 cannot have routes. */
    static void requireRoutable(String namespace) {
        if (namespace.equals(RoutesResource.RESERVED)) {
            throw ApiException.badRequest("The namespace '" + namespace + "' cannot have API routes: /api/"
                    + namespace + " is the OpenWhisk API.");
        }
    }

    private static String query(ContainerRequestContext request, String name) {
        MultivaluedMap<String, String> q = request.getUriInfo().getQueryParameters();
        String v = q.getFirst(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private static int number(String v, int otherwise) {
        if (v == null) {
            return otherwise;
        }
        try {
            return Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + v + "' is not a number.");
        }
    }
}
