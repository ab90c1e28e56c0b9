package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.entity.RuleStore;
import dev.brisk.controller.entity.WhiskRule;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Responses;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.SystemLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** {@code /api/v1/namespaces/{ns}/rules}: create/update, get, delete, list ({@link EntityResource}), enable/disable. */
@Path("api/v1/namespaces/{namespace}/rules")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class RulesResource extends EntityResource<WhiskRule.WithStatus> {
    private final RuleStore rules;

    @Inject
    public RulesResource(RuleStore rules, SystemLimits limits) {
        super("rules", limits, Reach.OWN, Reach.OWN);
        this.rules = rules;
    }

    @Override
    protected List<WhiskRule.WithStatus> page(Identity caller, String namespace, int skip, int limit) {
        return rules.list(namespace, skip, limit);
    }

    @Override
    protected long count(Identity caller, String namespace) {
        return rules.count(namespace);
    }

    @Override
    protected JsonNode summary(WhiskRule.WithStatus rule) {
        return rule.toJson();
    }

    @Override
    protected JsonNode read(ContainerRequestContext request, Identity caller, String namespace, String name) {
        return rules.get(namespace, name).toJson();
    }

    @Override
    protected JsonNode write(Identity caller, String namespace, String name, String body, boolean overwrite) {
        return rules.put(caller, namespace, name, body, overwrite).toJson();
    }

    @Override
    protected JsonNode remove(ContainerRequestContext request, String namespace, String name) {
        return rules.delete(namespace, name).toJson();
    }

    /** POST {@code {"status": "active"|"inactive"}}: enable or disable. */
    @POST
    @Path("{name}")
    public Response setStatus(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                              @PathParam("name") String name, @Context HttpHeaders headers, String body) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        JsonContent.require(headers.getMediaType(), body);
        return Responses.ok(rules.setStatus(ns, name, body).toJson());
    }
}
