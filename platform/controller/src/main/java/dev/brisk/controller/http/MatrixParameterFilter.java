package dev.brisk.controller.http;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * A {@code ;} in a path segment is part of the name in OpenWhisk, and no entity name may hold one; JAX-RS reads it
 * as the start of matrix parameters and hands the resource the name without them, so {@code PUT .../actions/x;rm}
 * would store {@code x}. Refused here as OpenWhisk refuses the name, after authentication: never store a name other
 * than the one asked for.
 */
@Provider
@Priority(Priorities.USER)
public class MatrixParameterFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getRequestUri().getRawPath().contains(";")) {
            throw ApiException.badRequest(Messages.ILLEGAL_NAME);
        }
    }
}
