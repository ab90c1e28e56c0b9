package dev.brisk.controller.api;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.StoreException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure leaves as OpenWhisk's {@code {"error", "code"}} body with the matching status. */
public final class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    @Provider
    public static class Api implements ExceptionMapper<ApiException> {
        @Context
        ContainerRequestContext request;

        @Override
        public Response toResponse(ApiException e) {
            return Responses.error(e.status(), e.getMessage(), Transaction.of(request));
        }
    }

    @Provider
    public static class Malformed implements ExceptionMapper<Json.MalformedJsonException> {
        @Context
        ContainerRequestContext request;

        @Override
        public Response toResponse(Json.MalformedJsonException e) {
            return Responses.error(400, Messages.malformed(e.getMessage()), Transaction.of(request));
        }
    }

    @Provider
    public static class Store implements ExceptionMapper<StoreException> {
        @Context
        ContainerRequestContext request;

        @Override
        public Response toResponse(StoreException e) {
            LOG.log(Level.WARNING, "store failure", e);
            return Responses.error(503, Messages.SERVICE_UNAVAILABLE, Transaction.of(request));
        }
    }

    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Context
        ContainerRequestContext request;

        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String message = switch (status) {
                case 404 -> Messages.RESOURCE_DOES_NOT_EXIST;
                case 405 -> Messages.METHOD_NOT_ALLOWED + String.join(", ",
                        e instanceof NotAllowedException ? e.getResponse().getAllowedMethods() : java.util.Set.of());
                default -> e.getResponse().getStatusInfo().getReasonPhrase();
            };
            return Responses.error(status, message, Transaction.of(request));
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Context
        ContainerRequestContext request;

        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof WebApplicationException w) {
                return withRequest(new Web(), request).toResponse(w);
            }
            LOG.log(Level.SEVERE, "unexpected failure", e);
            return Responses.error(500, Messages.INTERNAL_ERROR, Transaction.of(request));
        }
    }

    static Web withRequest(Web web, ContainerRequestContext request) {
        web.request = request;
        return web;
    }
}
