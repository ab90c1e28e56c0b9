package dev.brisk.controller.web;

import dev.brisk.controller.entity.ResolvedAction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.auth.Authenticator;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.http.BasicCredentials;
import dev.brisk.controller.http.Transaction;
import dev.brisk.controller.invoke.ActionInvoker;
import dev.brisk.controller.invoke.BlockingWait;
import dev.brisk.controller.limits.Throttles;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Web actions (WebActions.scala): {@code /api/v1/web/{namespace}/{package|default}/{action}[.ext][/rest]} for
 * GET, POST, PUT, DELETE, PATCH, HEAD and OPTIONS. Anonymous unless the caller sends valid Basic credentials; the
 * activation runs as the namespace owner. Responses carry the web-action CORS headers unless the action handles
 * OPTIONS itself ({@code web-custom-options}).
 */
@Path("api/v1/web/{namespace}/{package}/{action: .+}")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class WebActionsResource {
    private static final System.Logger LOG = System.getLogger(WebActionsResource.class.getName());

    public static final String WEB_EXPORT = "web-export";
    public static final String RAW_HTTP = "raw-http";
    public static final String CUSTOM_OPTIONS = "web-custom-options";
    public static final String REQUIRE_WHISK_AUTH = "require-whisk-auth";
    public static final String REQUIRE_WHISK_AUTH_HEADER = "X-Require-Whisk-Auth";

    public static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    public static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    public static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    public static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    public static final String WEB_METHODS = "OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH";
    public static final String DEFAULT_ALLOW_HEADERS =
            "Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent";

    /** Pekko's default text for a bare 401, which OpenWhisk returns for web actions. */
    public static final String UNAUTHORIZED = "Authentication is possible but has failed or not yet been provided.";
    public static final String NOT_READY = "Response not yet ready.";
    private final ActionInvoker invoker;
    private final Authenticator authenticator;
    private final SubjectStore subjects;
    private final Throttles throttles;
    private final SystemLimits limits;
    private final Duration maxWait;

    /**
     * @param blockingWait how long a web request waits for its action's result before it is answered 202 "Response
     *                     not yet ready.": the wait of blocking invokes (WebActions.scala, maxWaitForWebActionResult)
     */
    @Inject
    public WebActionsResource(ActionInvoker invoker, Authenticator authenticator, SubjectStore subjects,
                              Throttles throttles, SystemLimits limits, BlockingWait blockingWait) {
        this.invoker = invoker;
        this.authenticator = authenticator;
        this.subjects = subjects;
        this.throttles = throttles;
        this.limits = limits; // the payload limit every invoke honours (brisk.limits.payload-max-bytes)
        this.maxWait = blockingWait.max();
    }

    public WebActionsResource(ActionInvoker invoker, Authenticator authenticator, SubjectStore subjects,
                              Throttles throttles, SystemLimits limits) {
        this(invoker, authenticator, subjects, throttles, limits, new BlockingWait(BlockingWait.OPENWHISK_DEFAULT));
    }

    /** A GET may carry a body too; it is read from the stream, as an entity parameter on GET makes Jersey warn. */
    @GET
    public Response get(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                        @PathParam("namespace") String namespace, @PathParam("package") String pkg,
                        @Encoded @PathParam("action") String action) throws java.io.IOException {
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        return handle("GET", request, headers, namespace, pkg, action, body);
    }

    @POST
    public Response post(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                         @PathParam("namespace") String namespace, @PathParam("package") String pkg,
                         @Encoded @PathParam("action") String action, byte[] body) {
        return handle("POST", request, headers, namespace, pkg, action, body);
    }

    @PUT
    public Response put(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                        @PathParam("namespace") String namespace, @PathParam("package") String pkg,
                        @Encoded @PathParam("action") String action, byte[] body) {
        return handle("PUT", request, headers, namespace, pkg, action, body);
    }

    @DELETE
    public Response delete(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                           @PathParam("namespace") String namespace, @PathParam("package") String pkg,
                           @Encoded @PathParam("action") String action, byte[] body) {
        return handle("DELETE", request, headers, namespace, pkg, action, body);
    }

    @PATCH
    public Response patch(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                          @PathParam("namespace") String namespace, @PathParam("package") String pkg,
                          @Encoded @PathParam("action") String action, byte[] body) {
        return handle("PATCH", request, headers, namespace, pkg, action, body);
    }

    @HEAD
    public Response head(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                         @PathParam("namespace") String namespace, @PathParam("package") String pkg,
                         @Encoded @PathParam("action") String action) {
        return handle("HEAD", request, headers, namespace, pkg, action, new byte[0]);
    }

    @OPTIONS
    public Response options(@Context ContainerRequestContext request, @Context HttpHeaders headers,
                            @PathParam("namespace") String namespace, @PathParam("package") String pkg,
                            @Encoded @PathParam("action") String action, byte[] body) {
        return handle("OPTIONS", request, headers, namespace, pkg, action, body);
    }

    /**
     * Serves a web action for an API route ({@code dev.brisk.controller.apigw}): the same answer as a request to
     * {@code /api/v1/web/<namespace>/<package>/<actionPath>}, with the route request's headers, query and body.
     */
    public Response serveRoute(String method, ContainerRequestContext request, HttpHeaders headers, String namespace,
                               String pkg, String actionPath, byte[] body) {
        return handle(method, request, headers, namespace, pkg, actionPath, body);
    }

    private Response handle(String method, ContainerRequestContext request, HttpHeaders headers, String namespace,
                            String pkg, String actionPath, byte[] body) {
        String transid = Transaction.of(request);
        // the web layer sets its own CORS headers (or none): see WebCorsFilter
        request.setProperty(WebCorsFilter.PROPERTY, Map.of());
        WebExtension.Target target = WebExtension.parse(actionPath);
        boolean inPackage = !"default".equals(pkg);
        if (!EntityName.isValid(namespace) || (inPackage && !EntityName.isValid(pkg))
                || !EntityName.isValid(target.name())) {
            return error(404, Messages.RESOURCE_DOES_NOT_EXIST, transid, List.of());
        }
        // valid Basic credentials name the caller; anything else makes the request anonymous
        Optional<Identity> caller = BasicCredentials.decode(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .flatMap(authenticator::authenticate);
        Optional<Identity> owner = ownerOf(namespace);
        if (owner.isEmpty()) {
            return error(404, Messages.RESOURCE_DOES_NOT_EXIST, transid, List.of());
        }
        ResolvedAction action;
        try {
            action = invoker.resolve(owner.get(), namespace, inPackage ? pkg + "/" + target.name() : target.name());
        } catch (ApiException e) {
            if (e.status() >= 500) {
                return error(e.status(), e.getMessage(), transid, List.of());
            }
            return error(404, Messages.RESOURCE_DOES_NOT_EXIST, transid, List.of());
        }
        Parameters annotations = action.action().annotations();
        if (!annotations.isTrue(WEB_EXPORT)) {
            return error(404, Messages.RESOURCE_DOES_NOT_EXIST, transid, List.of());
        }
        if (body.length > limits.payloadMaxBytes()) {
            return error(413, Messages.requestTooLarge(body.length, limits.payloadMaxBytes()), transid, List.of());
        }
        boolean customOptions = annotations.isTrue(CUSTOM_OPTIONS);
        List<Map.Entry<String, String>> cors = customOptions ? List.of()
                : defaultCors(request.getHeaderString(REQUEST_HEADERS));
        request.setProperty(WebCorsFilter.PROPERTY, corsMap(cors));
        if (!customOptions && "OPTIONS".equals(method)) {
            return withHeaders(Response.ok(), cors).build();
        }
        boolean authorized = "OPTIONS".equals(method)
                || authorized(annotations, request.getHeaderString(REQUIRE_WHISK_AUTH_HEADER), caller.isPresent());
        if (!authorized) {
            return error(401, UNAUTHORIZED, transid, cors);
        }
        try {
            WebInputs.Request web = new WebInputs.Request(method, headerList(headers), target.path(),
                    request.getUriInfo().getRequestUri().getRawQuery(), request.getHeaderString(HttpHeaders.CONTENT_TYPE),
                    body);
            Set<String> immutable = action.immutableParameters();
            ObjectNode args = WebInputs.build(web, caller.map(Identity::namespace).orElse(null),
                    annotations.isTrue(RAW_HTTP), immutable);
            // a web invoke counts against the owner's throttles, as any invoke of the owner's actions (429 otherwise)
            throttles.checkInvoke(owner.get());
            ActionInvoker.Started started = invoker.start(owner.get(), action, args, null, transid);
            JsonNode record;
            try {
                record = started.record().get(maxWait.toMillis(), TimeUnit.MILLISECONDS).toJson();
            } catch (TimeoutException e) {
                // the activation goes on and is recorded; the caller may look it up by the id (WEB-026)
                return Response.fromResponse(error(202, NOT_READY, transid, cors))
                        .header(Responses.ACTIVATION_ID_HEADER, started.activationId()).build();
            }
            Response.ResponseBuilder out;
            try {
                WebResults.WebResponse projected = WebResults.project(target.extension(), record);
                out = toResponse(projected, request.getHeaderString(HttpHeaders.ACCEPT), cors);
            } catch (ApiException e) {
                out = Response.fromResponse(error(e.status(), e.getMessage(), transid, cors));
            }
            Response response = out.header(Responses.ACTIVATION_ID_HEADER, started.activationId()).build();
            request.setProperty(WebCorsFilter.PROPERTY, corsHeadersOf(response));
            return response;
        } catch (ApiException e) {
            return error(e.status(), e.getMessage(), transid, cors);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, Messages.SERVICE_UNAVAILABLE, transid, cors);
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "web action activation failed", e.getCause());
            return error(503, Messages.SERVICE_UNAVAILABLE, transid, cors);
        }
    }

    /** The JAX-RS response for a projected result; 406 when the Accept header rules out its content type. */
    static Response.ResponseBuilder toResponse(WebResults.WebResponse r, String accept,
                                               List<Map.Entry<String, String>> cors) {
        Response.ResponseBuilder b = Response.status(r.status());
        withHeaders(b, cors);
        if (r.contentType() != null && r.body().length > 0) {
            WebMediaType type = WebResults.mediaTypeOf(r);
            if (!WebMediaType.accepts(accept, type)) {
                return withHeaders(Response.status(406), cors).header(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
                        .entity("Resource representation is only available with these types:\n" + r.contentType());
            }
        }
        // the action's headers replace default CORS headers of the same name
        Set<String> replaced = new java.util.HashSet<>();
        for (Map.Entry<String, String> h : r.headers()) {
            String lower = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (replaced.add(lower)) {
                b.header(h.getKey(), null);
                for (Map.Entry<String, String> c : cors) {
                    if (c.getKey().equalsIgnoreCase(h.getKey())) {
                        b.header(c.getKey(), null);
                    }
                }
            }
            b.header(h.getKey(), h.getValue());
        }
        if (r.contentType() != null) {
            // as a string, so the parameters keep OpenWhisk's rendering ("text/html; charset=UTF-8")
            b.header(HttpHeaders.CONTENT_TYPE, r.contentType()).entity(r.body());
        }
        return b;
    }

    /** 401 rules of {@code require-whisk-auth}: true needs a caller, a string or number must match the header. */
    static boolean authorized(Parameters annotations, String headerValue, boolean authenticated) {
        Optional<JsonNode> required = annotations.get(REQUIRE_WHISK_AUTH);
        if (required.isEmpty()) {
            return true;
        }
        JsonNode v = required.get();
        if (v.isBoolean()) {
            return !v.asBoolean() || authenticated;
        }
        if (v.isTextual()) {
            return v.asText().equals(headerValue);
        }
        if (v.isNumber()) {
            String expected = v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.decimalValue().toString();
            return expected.equals(headerValue);
        }
        return false;
    }

    static List<Map.Entry<String, String>> defaultCors(String requestHeaders) {
        return List.of(Map.entry(ALLOW_ORIGIN, "*"), Map.entry(ALLOW_METHODS, WEB_METHODS),
                Map.entry(ALLOW_HEADERS, requestHeaders != null ? requestHeaders : DEFAULT_ALLOW_HEADERS));
    }

    private static Response.ResponseBuilder withHeaders(Response.ResponseBuilder b, List<Map.Entry<String, String>> hs) {
        hs.forEach(h -> b.header(h.getKey(), h.getValue()));
        return b;
    }

    /** OpenWhisk's error body, pretty printed as the web API prints it. */
    static Response error(int status, String message, String transid, List<Map.Entry<String, String>> cors) {
        ObjectNode body = Json.object().put("error", message).put("code", transid);
        return withHeaders(Response.status(status), cors).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(WebJson.pretty(body)).build();
    }

    private static Map<String, List<String>> corsMap(List<Map.Entry<String, String>> cors) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        cors.forEach(h -> m.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue()));
        return m;
    }

    /** The Access-Control-Allow-* headers of a built response, for {@link WebCorsFilter}. */
    private static Map<String, List<String>> corsHeadersOf(Response response) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        response.getStringHeaders().forEach((name, values) -> {
            if (WebCorsFilter.isCorsHeader(name)) {
                m.put(name, List.copyOf(values));
            }
        });
        return m;
    }

    private static List<WebInputs.Header> headerList(HttpHeaders headers) {
        List<WebInputs.Header> out = new ArrayList<>();
        headers.getRequestHeaders().forEach((name, values) -> values.forEach(v -> out.add(new WebInputs.Header(name, v))));
        return out;
    }

    /** The identity of the subject owning {@code namespace} (not blocked), as the activation runs. */
    Optional<Identity> ownerOf(String namespace) {
        return subjects.holding(namespace).stream().filter(s -> !s.blocked()).findFirst()
                .map(s -> s.identity(s.namespace(namespace).orElseThrow()));
    }
}
