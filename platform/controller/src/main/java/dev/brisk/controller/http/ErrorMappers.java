package dev.brisk.controller.http;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.StoreException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Set;

/** Every failure leaves as OpenWhisk's {@code {"error", "code"}} body with the matching status. */
public final class ErrorMappers {
    private static final System.Logger LOG = System.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    private static Response error(int status, String message) {
        ContainerRequestContext request = Transaction.current();
        return Responses.error(status, message, Transaction.of(request));
    }

    @Provider
    public static class Api implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return error(e.status(), e.getMessage());
        }
    }

    @Provider
    public static class Malformed implements ExceptionMapper<Json.MalformedJsonException> {
        @Override
        public Response toResponse(Json.MalformedJsonException e) {
            return error(400, Messages.malformed(e.getMessage()));
        }
    }

    @Provider
    public static class Store implements ExceptionMapper<StoreException> {
        @Override
        public Response toResponse(StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "store failure (answered 503): " + e.getMessage());
            return error(503, Messages.SERVICE_UNAVAILABLE);
        }
    }

    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            return web(e);
        }
    }

    /**
     * The methods OpenWhisk's web-action routes take ({@code WebActions.scala}, {@code allowedOperations}). A running
     * OpenWhisk tries those routes on every {@code /api/v1} path after the API's own; each of these methods, matched
     * there, cancels the API routes' method rejections, so a request the API refuses for its method is answered as
     * one that no route takes: 404 with Pekko's text.
     */
    static final Set<String> WEB_ROUTE_METHODS = Set.of("GET", "DELETE", "POST", "PUT", "HEAD", "OPTIONS", "PATCH");

    static Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ContainerRequestContext request = Transaction.current();
        String path = request == null ? "" : request.getUriInfo().getPath();
        boolean api = path.startsWith("api/") || path.startsWith("/api/");
        if (status == 404 && !api && !path.startsWith("admin/") && !path.startsWith("/admin/")) {
            // outside the API: a bare 404 lets Helidon route on to its own endpoints (/health, ...)
            return Response.status(404).build();
        }
        if (status == 405 && api && request != null && WEB_ROUTE_METHODS.contains(request.getMethod())) {
            return error(404, Messages.RESOURCE_NOT_FOUND);
        }
        String message = switch (status) {
            case 404 -> api ? Messages.RESOURCE_NOT_FOUND : Messages.RESOURCE_DOES_NOT_EXIST;
            case 405 -> Messages.METHOD_NOT_ALLOWED + String.join(", ",
                    e instanceof NotAllowedException ? e.getResponse().getAllowedMethods() : Set.of());
            default -> e.getResponse().getStatusInfo().getReasonPhrase();
        };
        return error(status, message);
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof WebApplicationException w) {
                return web(w);
            }
            LOG.log(System.Logger.Level.ERROR, "unexpected failure", e);
            return error(500, Messages.INTERNAL_ERROR);
        }
    }
}
