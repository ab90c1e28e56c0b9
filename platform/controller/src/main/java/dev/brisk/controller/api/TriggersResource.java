package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.brisk.controller.entity.RequestSize;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.entity.TriggerStore;
import dev.brisk.controller.entity.WhiskTrigger;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.http.Transaction;
import dev.brisk.controller.invoke.TriggerFirer;
import dev.brisk.controller.limits.Throttles;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/namespaces/{ns}/triggers}: create/update, get, delete, list and fire triggers. */
@Path("api/v1/namespaces/{namespace}/triggers")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class TriggersResource {
    private static final String COLLECTION = "triggers";

    private final TriggerStore triggers;
    private final TriggerFirer firer;
    private final Throttles throttles;
    private final SystemLimits limits;

    @Inject
    public TriggersResource(TriggerStore triggers, TriggerFirer firer, Throttles throttles, SystemLimits limits) {
        this.triggers = triggers;
        this.firer = firer;
        this.throttles = throttles;
        this.limits = limits;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                         @QueryParam("limit") String limit, @QueryParam("skip") String skip,
                         @QueryParam("count") String count) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace);
        ListParams page = ListParams.parse(limit, skip, count, COLLECTION);
        if (page.count()) {
            return Responses.ok(Json.object().put(COLLECTION, triggers.count(ns)));
        }
        return Responses.ok(triggers.list(ns, page.skip(), page.limit()).stream()
                .map(WhiskTrigger::toSummaryJson).collect(Json::array, ArrayNode::add, ArrayNode::addAll));
    }

    @GET
    @Path("{name}")
    public Response get(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(triggers.get(ns, name).toJson());
    }

    @PUT
    @Path("{name}")
    public Response put(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name, @QueryParam("overwrite") String overwrite,
                        @Context HttpHeaders headers, String body) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        RequestSize.checkBody(headers.getLength(), body, limits.entityMaxBytes());
        JsonContent.require(headers.getMediaType(), body, false);
        return Responses.ok(triggers.put(ns, name, body, "true".equalsIgnoreCase(overwrite)).toJson());
    }

    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                           @PathParam("name") String name) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(triggers.delete(ns, name).toJson());
    }

    @POST
    @Path("{name}")
    public Response fire(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                         @PathParam("name") String name, @Context HttpHeaders headers, String body) {
        Identity caller = AuthFilter.caller(request);
        String ns = Entitlement.namespace(caller, namespace, name);
        throttles.checkFire(caller);
        RequestSize.checkBody(headers.getLength(), body, limits.payloadMaxBytes());
        JsonContent.require(headers.getMediaType(), body, true);
        return firer.fire(caller, ns, name, body, Transaction.of(request))
                .map(InvocationAnswers::accepted).orElseGet(() -> Response.noContent().build());
    }
}
