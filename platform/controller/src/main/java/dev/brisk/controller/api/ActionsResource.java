package dev.brisk.controller.api;

import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.entity.ActionStore;
import dev.brisk.controller.invoke.ActionInvoker;
import dev.brisk.core.entity.Identity;
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

/** {@code /api/v1/namespaces/{ns}/actions}: list, and create/update, get, delete, invoke one action. */
@Path("api/v1/namespaces/{namespace}/actions")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class ActionsResource {
    private static final String COLLECTION = "actions";

    @Inject
    ActionStore actions;
    @Inject
    ActionInvoker invoker;

    @GET
    public Response list(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                         @QueryParam("limit") String limit, @QueryParam("skip") String skip,
                         @QueryParam("count") String count) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace);
        ListParams page = ListParams.parse(limit, skip, count, COLLECTION);
        return Responses.ok(actions.list(ns, page.skip(), page.limit(), page.count()));
    }

    @GET
    @Path("{name}")
    public Response get(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name, @QueryParam("code") String code) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(actions.get(ns, name).action().toJson(!"false".equalsIgnoreCase(code)));
    }

    @PUT
    @Path("{name}")
    public Response put(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name, @QueryParam("overwrite") String overwrite,
                        @Context HttpHeaders headers, String body) {
        JsonContent.require(headers.getMediaType(), body, false);
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(actions.put(ns, name, body, "true".equalsIgnoreCase(overwrite)).toJson(true));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                           @PathParam("name") String name) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(actions.delete(ns, name).toJson(true));
    }

    @POST
    @Path("{name}")
    public Response invoke(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                           @PathParam("name") String name, @QueryParam("blocking") String blocking,
                           @QueryParam("result") String result, @QueryParam("timeout") String timeout,
                           @Context HttpHeaders headers, String body) {
        JsonContent.require(headers.getMediaType(), body, true);
        Identity caller = AuthFilter.caller(request);
        String ns = Entitlement.namespace(caller, namespace, name);
        return invoker.invoke(caller, ns, name, body, "true".equalsIgnoreCase(blocking),
                "true".equalsIgnoreCase(result), timeout, Transaction.of(request));
    }
}
