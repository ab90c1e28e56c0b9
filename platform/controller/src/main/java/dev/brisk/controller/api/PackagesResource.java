package dev.brisk.controller.api;

import dev.brisk.controller.entity.RequestSize;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.entity.PackageStore;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Responses;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.SystemLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/namespaces/{ns}/packages}: packages and bindings (no POST: packages are not invoked). */
@Path("api/v1/namespaces/{namespace}/packages")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class PackagesResource {
    private static final String COLLECTION = "packages";

    private final SystemLimits limits;
    private final PackageStore packages;

    @Inject
    public PackagesResource(SystemLimits limits, PackageStore packages) {
        this.limits = limits;
        this.packages = packages;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                         @QueryParam("limit") String limit, @QueryParam("skip") String skip,
                         @QueryParam("count") String count) {
        Identity caller = AuthFilter.caller(request);
        String ns = Entitlement.resolve(caller, namespace);
        ListParams page = ListParams.parse(limit, skip, count, COLLECTION);
        var all = packages.list(caller, ns, page.skip(), page.limit());
        if (page.count()) {
            return Responses.ok(dev.brisk.core.json.Json.object().put(COLLECTION, packages.list(caller, ns, 0, 0).size()));
        }
        return Responses.ok(all);
    }

    @GET
    @Path("{name}")
    public Response get(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name) {
        Identity caller = AuthFilter.caller(request);
        String ns = Entitlement.resolve(caller, namespace);
        return Responses.ok(packages.describe(packages.readable(caller, ns, name)));
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
        return Responses.ok(packages.put(caller, ns, name, body, "true".equalsIgnoreCase(overwrite)).toJson());
    }

    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                           @PathParam("name") String name, @QueryParam("force") String force) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(packages.delete(ns, name, "true".equalsIgnoreCase(force)).toJson());
    }
}
