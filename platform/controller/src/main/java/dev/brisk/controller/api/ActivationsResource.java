package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.auth.AuthFilter;
import dev.brisk.controller.auth.Entitlement;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.invoke.RecentActivations;
import dev.brisk.core.entity.ActivationId;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import dev.brisk.core.store.WhiskViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code /api/v1/namespaces/{ns}/activations}: list with filters, get one, its result and its logs. */
@Path("api/v1/namespaces/{namespace}/activations")
@ApplicationScoped
public class ActivationsResource {
    private static final String COLLECTION = "activations";

    private final Stores stores;
    private final RecentActivations recent;

    @Inject
    public ActivationsResource(Stores stores, RecentActivations recent) {
        this.stores = stores;
        this.recent = recent;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                         @QueryParam("limit") String limit, @QueryParam("skip") String skip,
                         @QueryParam("count") String count, @QueryParam("docs") String docs,
                         @QueryParam("name") String name, @QueryParam("since") String since,
                         @QueryParam("upto") String upto) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace);
        ListParams page = ListParams.parse(limit, skip, count, COLLECTION);
        boolean fullDocs = "true".equalsIgnoreCase(docs);
        if (page.count() && fullDocs) {
            throw ApiException.badRequest("The parameter 'docs' is not permitted with 'count'.");
        }
        long from = epoch(since, 0);
        long to = epoch(upto, Long.MAX_VALUE);
        List<Object> prefix = new ArrayList<>(List.of(ns));
        String view = WhiskViews.ACTIVATIONS;
        if (name != null) {
            prefix.add(nameFilter(name));
            view = WhiskViews.ACTIVATIONS_BY_NAME;
        }
        List<Object> low = new ArrayList<>(prefix);
        low.add(from);
        List<Object> high = new ArrayList<>(prefix);
        high.add(to);
        // lists may lag, as OpenWhisk's do (ArtifactActivationStore: StaleParameter.UpdateAfter): a large index is
        // never waited for, and what a list misses now the next one shows
        ViewQuery query = new ViewQuery(low, high, true, page.skip(), page.limit()).lagging();
        if (page.count()) {
            return Responses.ok(Json.object().put("activations", stores.activations().count(view, query)));
        }
        ArrayNode result = Json.array();
        for (ViewRow row : stores.activations().query(view, query)) {
            WhiskActivation a = WhiskActivation.fromDocument(row.document().body());
            result.add(fullDocs ? a.toJson() : a.toSummaryJson());
        }
        return Responses.ok(result);
    }

    private static String nameFilter(String name) {
        String[] parts = name.split("/", -1);
        boolean valid = parts.length <= 2;
        for (String p : parts) {
            valid &= EntityName.isValid(p);
        }
        if (!valid) {
            throw ApiException.badRequest(Messages.badNameFilter(name));
        }
        return name;
    }

    private static long epoch(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(value.trim());
            if (v < 0) {
                throw ApiException.badRequest(Messages.badEpoch(value));
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(Messages.badEpoch(value));
        }
    }

    @GET
    @Path("{id}")
    public Response get(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                        @PathParam("id") String id) {
        return Responses.ok(fetch(request, namespace, id).toJson());
    }

    @GET
    @Path("{id}/result")
    public Response result(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                           @PathParam("id") String id) {
        return Responses.ok(fetch(request, namespace, id).response().toJson(false));
    }

    @GET
    @Path("{id}/logs")
    public Response logs(@Context ContainerRequestContext request, @PathParam("namespace") String namespace,
                         @PathParam("id") String id) {
        ObjectNode o = Json.object();
        ArrayNode lines = o.putArray("logs");
        fetch(request, namespace, id).logs().forEach(lines::add);
        return Responses.ok(o);
    }

    private WhiskActivation fetch(ContainerRequestContext request, String namespace, String id) {
        String ns = Entitlement.namespace(AuthFilter.caller(request), namespace);
        String activationId = ActivationId.parse(id);
        // the stored record first: it is the whole one (a completion too big for the bus came without its logs)
        Optional<Document> doc = stores.activations().get(ns + "/" + activationId);
        if (doc.isPresent()) {
            return WhiskActivation.fromDocument(doc.get().body());
        }
        // a record that just completed may not be stored yet (the invoker answers first)
        return recent.get(ns, activationId).orElseThrow(ApiException::notFound);
    }
}
