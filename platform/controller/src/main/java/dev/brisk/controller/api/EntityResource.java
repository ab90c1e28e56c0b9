package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.entity.RequestSize;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Responses;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.json.Json;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.function.Function;

/**
 * The routes the four entity collections (actions, packages, triggers, rules) answer alike: list the collection, and
 * get, put and delete {@code {name}}. Each goes in OpenWhisk's order: the caller ({@link AuthFilter} authenticated
 * it), the namespace it may use, the query and the body, then the store, and 200 with JSON. A collection says which
 * namespaces it lists and reads ({@link Reach}) and makes the store calls; the query parameters that only it reads
 * it takes from the request.
 *
 * @param <T> the entity type of the collection's list
 */
public abstract class EntityResource<T> {
    /** Which namespaces a route reaches. */
    protected enum Reach {
        /** The caller's own only: 403 for another's. */
        OWN,
        /** Any: the entity decides (another namespace's published packages, and the actions in them). */
        ANY
    }

    private final String collection;
    private final SystemLimits limits;
    private final Reach lists;
    private final Reach reads;

    /**
     * @param collection the collection's name in the API ({@code {"triggers": N}}, the texts of paging errors)
     * @param lists      which namespaces GET of the collection reaches
     * @param reads      which namespaces GET of one entity reaches; PUT and DELETE reach the caller's own only
     */
    protected EntityResource(String collection, SystemLimits limits, Reach lists, Reach reads) {
        this.collection = collection;
        this.limits = limits;
        this.lists = lists;
        this.reads = reads;
    }

    /** A page of the collection in {@code namespace}, newest first; {@code limit} 0 for all. */
    protected abstract List<T> page(Identity caller, String namespace, int skip, int limit);

    /** How many entities {@link #page} has in all. */
    protected abstract long count(Identity caller, String namespace);

    /** An entity as the list shows it. */
    protected abstract JsonNode summary(T entity);

    /** GET of {@code name} ({@code pkg/name} for actions in a package). */
    protected abstract JsonNode read(ContainerRequestContext request, Identity caller, String namespace, String name);

    /** PUT of {@code name}: create, or with {@code overwrite} update; the entity written. */
    protected abstract JsonNode write(Identity caller, String namespace, String name, String body, boolean overwrite);

    /** DELETE of {@code name}: the entity deleted. */
    protected abstract JsonNode remove(ContainerRequestContext request, String namespace, String name);

    @GET
    public Response list(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                         @QueryParam("limit") String limit, @QueryParam("skip") String skip,
                         @QueryParam("count") String count) {
        Identity caller = AuthFilter.caller(request);
        String ns = lists == Reach.OWN ? Entitlement.namespace(caller, namespace) : Entitlement.resolve(caller, namespace);
        ListParams params = ListParams.parse(limit, skip, count, collection);
        if (params.count()) {
            return Responses.ok(Json.object().put(collection, count(caller, ns)));
        }
        return Responses.ok(array(page(caller, ns, params.skip(), params.limit()), this::summary));
    }

    @GET
    @Path("{name}")
    public Response get(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name) {
        Identity caller = AuthFilter.caller(request);
        String ns = reads == Reach.OWN ? Entitlement.namespace(caller, namespace, name)
                : Entitlement.resolve(caller, namespace);
        return Responses.ok(read(request, caller, ns, name));
    }

    /** PUT in the caller's namespace: a body within the entity size limit ({@link SystemLimits#entityMaxBytes}), JSON. */
    @PUT
    @Path("{name}")
    public Response put(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("name") String name, @QueryParam("overwrite") String overwrite,
                        @Context HttpHeaders headers, String body) {
        Identity caller = AuthFilter.caller(request);
        String ns = Entitlement.namespace(caller, namespace, name);
        RequestSize.checkBody(headers.getLength(), body, limits.entityMaxBytes());
        JsonContent.require(headers.getMediaType(), body);
        return Responses.ok(write(caller, ns, name, body, "true".equalsIgnoreCase(overwrite)));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                           @PathParam("name") String name) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace, name);
        return Responses.ok(remove(request, ns, name));
    }

    /** The collection's name in the API. */
    protected String collection() {
        return collection;
    }

    /** A query parameter only this collection reads, or null. */
    protected static String query(ContainerRequestContext request, String name) {
        return request.getUriInfo().getQueryParameters().getFirst(name);
    }

    protected static <E> ArrayNode array(List<E> items, Function<? super E, ? extends JsonNode> json) {
        ArrayNode result = Json.array();
        items.forEach(item -> result.add(json.apply(item)));
        return result;
    }
}
