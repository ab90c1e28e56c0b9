package dev.brisk.controller.api;

import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/namespaces}: exactly the caller's namespace (Namespaces.scala). */
@Path("api/v1/namespaces")
@ApplicationScoped
public class NamespacesResource {
    @GET
    public Response list(@Context ContainerRequestContext request) {
        return Responses.ok(Json.array().add(AuthFilter.caller(request).namespace()));
    }
}
