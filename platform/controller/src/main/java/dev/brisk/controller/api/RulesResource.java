package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.brisk.controller.entity.RequestSize;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.entity.RuleStore;
import dev.brisk.controller.entity.WhiskRule;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Responses;
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

/** {@code /api/v1/namespaces/{ns}/rules}: create/update, get, enable/disable (POST), delete, list. */
@Path("api/v1/namespaces/{namespace}/rules")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class RulesResource {
    private static final String COLLECTION = "rules";

    private final SystemLimits limits;
    private final RuleStore rules;

    @Inject
    public RulesResource(SystemLimits limits, RuleStore rules) {
        this.limits = limits;
        this.rules = rules;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                         @QueryParam("limit") String limit, @QueryParam("skip") String skip,
                         @QueryParam("count") String count) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace);
        ListParams page = ListParams.parse(limit, skip, count, COLLECTION);
        if (page.count()) {
            return Responses.ok(Json.object().put(COLLECTION, rules.count(ns)));
        }
        return Responses.ok(rules.list(ns, page.skip(), page.limit()).stream()
                .map(WhiskRule.WithStatus::toJson).collect(Json::array, ArrayNode::add, ArrayNode::addAll));
    }

    @GET
    @Path("{name}")
    public Response get(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(rules.get(ns, name).toJson());
    }

    @PUT
    @Path("{name}")
    public Response put(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name, @QueryParam("overwrite") String overwrite,
                        @Context HttpHeaders headers, String body) {
        Identity caller = AuthFilter.caller(request);
        String ns = Entitlement.namespace(caller, namespace, name);
        RequestSize.checkBody(headers.getLength(), body, limits.entityMaxBytes());
        JsonContent.require(headers.getMediaType(), body, false);
        return Responses.ok(rules.put(caller, ns, name, body, "true".equalsIgnoreCase(overwrite)).toJson());
    }

    @POST
    @Path("{name}")
    public Response setStatus(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                              @PathParam("name") String name, @Context HttpHeaders headers, String body) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        JsonContent.require(headers.getMediaType(), body, false);
        return Responses.ok(rules.setStatus(ns, name, body).toJson());
    }

    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                           @PathParam("name") String name) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(rules.delete(ns, name).toJson());
    }
}
