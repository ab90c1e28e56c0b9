package dev.brisk.controller.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.entity.ApiStore;
import dev.brisk.controller.http.Transaction;
import dev.brisk.controller.web.WebActionsResource;
import dev.brisk.controller.web.WebCorsFilter;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves the API routes of {@link ApiManagementResource} at {@code /api/<namespace>/<base path>/<path>}, as
 * OpenWhisk's gateway serves them at {@code /api/<tenant>/<base path>/<path>} (openwhisk-apigateway
 * scripts/lua/routing.lua): the matching operation's web action of the route's own namespace answers, through the
 * web action code, with the response type the route was created with. {@code /api/v1} stays OpenWhisk's API: the
 * namespace template never matches "v1".
 */
@Path("api/{namespace: (?!v1/)[^/]+}/{path: .*}")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class RoutesResource {
    static final String PREFIX = "/api/";
    static final String RESERVED = "v1";
    static final String NOT_FOUND = "Not found.";
    static final String VERB_NOT_SUPPORTED = "Whoops. Verb not supported.";
    private final ApiStore store;
    private final WebActionsResource web;

    @Inject
    public RoutesResource(ApiStore store, WebActionsResource web) {
        this.store = store;
        this.web = web;
    }

    @GET
    public Response get(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                        @PathParam("namespace") String namespace, @Encoded @PathParam("path") String path)
            throws IOException {
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        return route("GET", request, headers, namespace, path, body);
    }

    @POST
    public Response post(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                         @PathParam("namespace") String namespace, @Encoded @PathParam("path") String path,
                         byte[] body) {
        return route("POST", request, headers, namespace, path, body);
    }

    @PUT
    public Response put(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                        @PathParam("namespace") String namespace, @Encoded @PathParam("path") String path,
                        byte[] body) {
        return route("PUT", request, headers, namespace, path, body);
    }

    @DELETE
    public Response delete(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                           @PathParam("namespace") String namespace, @Encoded @PathParam("path") String path,
                           byte[] body) {
        return route("DELETE", request, headers, namespace, path, body);
    }

    @PATCH
    public Response patch(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                          @PathParam("namespace") String namespace, @Encoded @PathParam("path") String path,
                          byte[] body) {
        return route("PATCH", request, headers, namespace, path, body);
    }

    @HEAD
    public Response head(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                         @PathParam("namespace") String namespace, @Encoded @PathParam("path") String path) {
        return route("HEAD", request, headers, namespace, path, new byte[0]);
    }

    @OPTIONS
    public Response options(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                            @PathParam("namespace") String namespace, @Encoded @PathParam("path") String path,
                            byte[] body) {
        return route("OPTIONS", request, headers, namespace, path, body);
    }

    private Response route(String method, ContainerRequestContext request, HttpHeaders headers, String namespace,
                           String rawPath, byte[] body) {
        String transid = Transaction.of(request);
        request.setProperty(WebCorsFilter.PROPERTY, Map.of());
        if (!EntityName.isValid(namespace) || namespace.equals(RESERVED)) {
            return error(404, NOT_FOUND, transid);
        }
        Optional<List<String>> segments = RouteTable.segments(rawPath);
        Optional<RouteTable.Match> match = segments.flatMap(s -> RouteTable.match(store.apis(namespace), s));
        if (match.isEmpty()) {
            return error(404, NOT_FOUND, transid);
        }
        Optional<JsonNode> operation = match.get().operation(method);
        if (operation.isEmpty()) {
            if (!"OPTIONS".equals(method)) {
                return error(404, VERB_NOT_SUPPORTED, transid);
            }
            // CORS preflight (openwhisk-apigateway scripts/lua/cors.lua): the route's verbs, the requested headers
            String requested = request.getHeaderString(WebActionsResource.REQUEST_HEADERS);
            Map<String, List<String>> cors = new java.util.LinkedHashMap<>();
            cors.put(WebActionsResource.ALLOW_ORIGIN, List.of("*"));
            cors.put(WebActionsResource.ALLOW_METHODS, List.of(String.join(", ", match.get().verbs())));
            cors.put(WebActionsResource.ALLOW_HEADERS, List.of(requested != null ? requested
                    : WebActionsResource.DEFAULT_ALLOW_HEADERS));
            request.setProperty(WebCorsFilter.PROPERTY, cors);
            return Response.ok().build();
        }
        JsonNode ow = operation.get();
        String actionNamespace = ow.path("namespace").asText();
        if (!actionNamespace.equals(namespace)) {
            // stored documents name their own namespace; never follow one that does not
            return error(404, NOT_FOUND, transid);
        }
        String pkg = ow.path("package").asText("");
        String type = ApiDocs.responseTypeOf(ow.path("url").asText(""));
        // an http route sees the path from its base path on in __ow_path (docs/apigateway.md)
        String actionPath = ow.path("action").asText() + "." + type + ("http".equals(type) ? "/" + rawPath : "");
        return web.serveRoute(method, request, headers, namespace, pkg.isEmpty() ? "default" : pkg, actionPath,
                body);
    }

    private static Response error(int status, String message, String transid) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(Json.object().put("error", message).put("code", transid))).build();
    }
}
