package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.limits.NamespaceLimits;
import dev.brisk.core.entity.LimitBounds;
import dev.brisk.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/v1/namespaces}: exactly the caller's namespace (Namespaces.scala); {@code GET .../{ns}/limits}:
 * the limits in force for it (Limits.scala: the namespace's overrides with the system defaults filled in).
 */
@Path("api/v1/namespaces")
@ApplicationScoped
public class NamespacesResource {
    private final NamespaceLimits limits;
    private final LimitBounds bounds;

    @Inject
    public NamespacesResource(NamespaceLimits limits, LimitBounds bounds) {
        this.limits = limits;
        this.bounds = bounds;
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        return Responses.ok(Json.array().add(AuthFilter.caller(request).namespace()));
    }

    @GET
    @Path("{namespace}/limits")
    public Response limits(@Context ContainerRequestContext request, @PathParam("namespace") String namespace) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace);
        NamespaceLimits.Effective l = limits.of(ns);
        ObjectNode o = Json.object();
        o.put("invocationsPerMinute", l.invocationsPerMinute());
        o.put("concurrentInvocations", l.concurrentInvocations());
        o.put("firesPerMinute", l.firesPerMinute());
        o.put("minActionMemory", bounds.memoryMin());
        o.put("maxActionMemory", bounds.memoryMax());
        o.put("minActionLogs", bounds.logsMin());
        o.put("maxActionLogs", bounds.logsMax());
        o.put("minActionTimeout", bounds.timeoutMin());
        o.put("maxActionTimeout", bounds.timeoutMax());
        o.put("minActionConcurrency", 1);
        o.put("maxActionConcurrency", bounds.concurrencyMax());
        return Responses.ok(o);
    }
}
