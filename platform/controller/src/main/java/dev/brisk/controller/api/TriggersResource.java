package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.entity.RequestSize;
import dev.brisk.controller.entity.TriggerStore;
import dev.brisk.controller.entity.WhiskTrigger;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Transaction;
import dev.brisk.controller.invoke.FireArguments;
import dev.brisk.controller.invoke.TriggerFirer;
import dev.brisk.controller.limits.Throttles;
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

/** {@code /api/v1/namespaces/{ns}/triggers}: create/update, get, delete, list ({@link EntityResource}) and fire. */
@Path("api/v1/namespaces/{namespace}/triggers")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class TriggersResource extends EntityResource<WhiskTrigger> {
    private final TriggerStore triggers;
    private final TriggerFirer firer;
    private final Throttles throttles;
    private final SystemLimits limits;

    @Inject
    public TriggersResource(TriggerStore triggers, TriggerFirer firer, Throttles throttles, SystemLimits limits) {
        super("triggers", limits, Reach.OWN, Reach.OWN);
        this.triggers = triggers;
        this.firer = firer;
        this.throttles = throttles;
        this.limits = limits;
    }

    @Override
    protected List<WhiskTrigger> page(Identity caller, String namespace, int skip, int limit) {
        return triggers.list(namespace, skip, limit);
    }

    @Override
    protected long count(Identity caller, String namespace) {
        return triggers.count(namespace);
    }

    @Override
    protected JsonNode summary(WhiskTrigger trigger) {
        return trigger.toSummaryJson();
    }

    @Override
    protected JsonNode read(ContainerRequestContext request, Identity caller, String namespace, String name) {
        return triggers.get(namespace, name).toJson();
    }

    @Override
    protected JsonNode write(Identity caller, String namespace, String name, String body, boolean overwrite) {
        return triggers.put(namespace, name, body, overwrite).toJson();
    }

    @Override
    protected JsonNode remove(ContainerRequestContext request, String namespace, String name) {
        return triggers.delete(namespace, name).toJson();
    }

    @POST
    @Path("{name}")
    public Response fire(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                         @PathParam("name") String name, @Context HttpHeaders headers, String body) {
        Identity caller = AuthFilter.caller(request);
        String ns = Entitlement.namespace(caller, namespace, name);
        throttles.checkFire(caller);
        RequestSize.checkBody(headers.getLength(), body, limits.payloadMaxBytes());
        JsonContent.require(headers.getMediaType(), body);
        return firer.fire(caller, ns, name, FireArguments.headers(headers.getRequestHeaders()), body,
                        Transaction.of(request))
                .map(InvocationAnswers::accepted).orElseGet(() -> Response.noContent().build());
    }
}
