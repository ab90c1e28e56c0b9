package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.entity.ActionStore;
import dev.brisk.controller.entity.RequestSize;
import dev.brisk.controller.entity.ResolvedAction;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Transaction;
import dev.brisk.controller.invoke.ActionInvoker;
import dev.brisk.controller.invoke.BlockingWait;
import dev.brisk.controller.limits.Throttles;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.entity.WhiskAction;
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

import java.util.List;

/**
 * {@code /api/v1/namespaces/{ns}/actions}: list, and create/update, get, delete ({@link EntityResource}) and invoke
 * one action, at {@code {name}} or inside a package at {@code {pkg}/{name}} ({@code {pkg}/} lists the package's
 * actions). Reading and invoking reach another namespace's published packages; writing only the caller's own
 * namespace.
 */
@Path("api/v1/namespaces/{namespace}/actions")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class ActionsResource extends EntityResource<WhiskAction> {
    private final ActionStore actions;
    private final ActionInvoker invoker;
    private final Throttles throttles;
    private final SystemLimits limits;
    private final BlockingWait blockingWait;

    @Inject
    public ActionsResource(ActionStore actions, ActionInvoker invoker, Throttles throttles, SystemLimits limits,
                           BlockingWait blockingWait) {
        super("actions", limits, Reach.OWN, Reach.ANY);
        this.actions = actions;
        this.invoker = invoker;
        this.throttles = throttles;
        this.limits = limits;
        this.blockingWait = blockingWait;
    }

    @Override
    protected List<WhiskAction> page(Identity caller, String namespace, int skip, int limit) {
        return actions.list(namespace, skip, limit);
    }

    @Override
    protected long count(Identity caller, String namespace) {
        return actions.count(namespace);
    }

    @Override
    protected JsonNode summary(WhiskAction action) {
        return action.toSummaryJson();
    }

    /**
     * The action with the parameters it runs with (its package's and binding's, then its own), its code unless
     * {@code code=false}; at {@code {pkg}/} the package's actions, paged by {@code limit} and {@code skip}.
     */
    @Override
    protected JsonNode read(ContainerRequestContext request, Identity caller, String namespace, String path) {
        if (!path.contains("/") && request.getUriInfo().getPath().endsWith("/")) {
            ListParams page = ListParams.parse(query(request, "limit"), query(request, "skip"), null, collection());
            return array(actions.listPackage(caller, namespace, path, page.skip(), page.limit()),
                    WhiskAction::toSummaryJson);
        }
        ResolvedAction target = actions.read(caller, namespace, path);
        return target.action().toJson(!"false".equalsIgnoreCase(query(request, "code")))
                .set("parameters", target.defaults().toJson());
    }

    @Override
    protected JsonNode write(Identity caller, String namespace, String path, String body, boolean overwrite) {
        return actions.put(caller, namespace, path, body, overwrite).toJson(true);
    }

    @Override
    protected JsonNode remove(ContainerRequestContext request, String namespace, String path) {
        return actions.delete(namespace, path).toJson(true);
    }

    @GET
    @Path("{pkg}/{name}")
    public Response getInPackage(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                                 @PathParam("pkg") String pkg, @PathParam("name") String name) {
        return get(request, namespace, pkg + "/" + name);
    }

    @PUT
    @Path("{pkg}/{name}")
    public Response putInPackage(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                                 @PathParam("pkg") String pkg, @PathParam("name") String name,
                                 @QueryParam("overwrite") String overwrite, @Context HttpHeaders headers,
                                 String body) {
        return put(request, namespace, pkg + "/" + name, overwrite, headers, body);
    }

    @DELETE
    @Path("{pkg}/{name}")
    public Response deleteInPackage(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                                    @PathParam("pkg") String pkg, @PathParam("name") String name) {
        return delete(request, namespace, pkg + "/" + name);
    }

    @POST
    @Path("{name}")
    public Response invoke(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                           @PathParam("name") String name, @QueryParam("blocking") String blocking,
                           @QueryParam("result") String result, @QueryParam("timeout") String timeout,
                           @Context HttpHeaders headers, String body) {
        return activate(request, namespace, name, blocking, result, timeout, headers, body);
    }

    @POST
    @Path("{pkg}/{name}")
    public Response invokeInPackage(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                                    @PathParam("pkg") String pkg, @PathParam("name") String name,
                                    @QueryParam("blocking") String blocking, @QueryParam("result") String result,
                                    @QueryParam("timeout") String timeout, @Context HttpHeaders headers,
                                    String body) {
        return activate(request, namespace, pkg + "/" + name, blocking, result, timeout, headers, body);
    }

    private Response activate(ContainerRequestContext request, String namespace, String path, String blocking,
                              String result, String timeout, HttpHeaders headers, String body) {
        Identity caller = AuthFilter.caller(request);
        throttles.checkInvoke(caller);
        RequestSize.checkBody(headers.getLength(), body, limits.payloadMaxBytes());
        JsonContent.require(headers.getMediaType(), body);
        // checked even on a non-blocking invoke, as OpenWhisk's parameter directive does
        long waitMillis = blockingWait.waitMillis(timeout);
        return InvocationAnswers.of(invoker.invoke(caller, Entitlement.resolve(caller, namespace), path, body,
                "true".equalsIgnoreCase(blocking), waitMillis, Transaction.of(request)), "true".equalsIgnoreCase(result));
    }
}
