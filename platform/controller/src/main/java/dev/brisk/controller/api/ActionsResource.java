package dev.brisk.controller.api;

import dev.brisk.controller.entity.RequestSize;
import dev.brisk.controller.entity.ResolvedAction;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.entity.ActionStore;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.http.Transaction;
import dev.brisk.controller.invoke.ActionInvoker;
import dev.brisk.controller.limits.Throttles;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.SystemLimits;
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

/**
 * {@code /api/v1/namespaces/{ns}/actions}: list, and create/update, get, delete, invoke one action, at
 * {@code {name}} or inside a package at {@code {pkg}/{name}} ({@code {pkg}/} lists the package's actions).
 * Reading and invoking reach another namespace's published packages; writing only the caller's own namespace.
 */
@Path("api/v1/namespaces/{namespace}/actions")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class ActionsResource {
    private static final String COLLECTION = "actions";

    private final ActionStore actions;
    private final ActionInvoker invoker;
    private final Throttles throttles;
    private final SystemLimits limits;

    @Inject
    public ActionsResource(ActionStore actions, ActionInvoker invoker, Throttles throttles, SystemLimits limits) {
        this.actions = actions;
        this.invoker = invoker;
        this.throttles = throttles;
        this.limits = limits;
    }

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
                        @PathParam("name") String name, @QueryParam("code") String code,
                        @QueryParam("limit") String limit, @QueryParam("skip") String skip) {
        Identity caller = AuthFilter.caller(request);
        if (request.getUriInfo().getPath().endsWith("/")) {
            // GET .../actions/{pkg}/ lists the package's actions
            ListParams page = ListParams.parse(limit, skip, null, COLLECTION);
            return Responses.ok(actions.listPackage(caller, Entitlement.resolve(caller, namespace), name,
                    page.skip(), page.limit()));
        }
        return read(caller, namespace, name, code);
    }

    @GET
    @Path("{pkg}/{name}")
    public Response getInPackage(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                                 @PathParam("pkg") String pkg, @PathParam("name") String name,
                                 @QueryParam("code") String code) {
        return read(AuthFilter.caller(request), namespace, pkg + "/" + name, code);
    }

    private Response read(Identity caller, String namespace, String path, String code) {
        ResolvedAction target = invoker.resolve(caller, Entitlement.resolve(caller, namespace), path);
        var json = target.action().toJson(!"false".equalsIgnoreCase(code));
        json.set("parameters", target.defaults().toJson());
        return Responses.ok(json);
    }

    @PUT
    @Path("{name}")
    public Response put(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name, @QueryParam("overwrite") String overwrite,
                        @Context HttpHeaders headers, String body) {
        return write(request, namespace, name, overwrite, headers, body);
    }

    @PUT
    @Path("{pkg}/{name}")
    public Response putInPackage(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                                 @PathParam("pkg") String pkg, @PathParam("name") String name,
                                 @QueryParam("overwrite") String overwrite, @Context HttpHeaders headers,
                                 String body) {
        return write(request, namespace, pkg + "/" + name, overwrite, headers, body);
    }

    private Response write(ContainerRequestContext request, String namespace, String path, String overwrite,
                           HttpHeaders headers, String body) {
        Identity caller = AuthFilter.caller(request);
        String ns = Entitlement.namespace(caller, namespace, path);
        RequestSize.checkBody(headers.getLength(), body, limits.entityMaxBytes());
        JsonContent.require(headers.getMediaType(), body, false);
        return Responses.ok(actions.put(caller, ns, path, body, "true".equalsIgnoreCase(overwrite)).toJson(true));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                           @PathParam("name") String name) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(actions.delete(ns, name).toJson(true));
    }

    @DELETE
    @Path("{pkg}/{name}")
    public Response deleteInPackage(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                                    @PathParam("pkg") String pkg, @PathParam("name") String name) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, pkg + "/" + name);
        return Responses.ok(actions.delete(ns, pkg + "/" + name).toJson(true));
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
        JsonContent.require(headers.getMediaType(), body, true);
        return InvocationAnswers.of(invoker.invoke(caller, Entitlement.resolve(caller, namespace), path, body,
                "true".equalsIgnoreCase(blocking), timeout, Transaction.of(request)), "true".equalsIgnoreCase(result));
    }
}
