package dev.brisk.controller.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.auth.Authenticator;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.limits.NamespaceLimits;
import dev.brisk.controller.limits.RequestSize;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import dev.brisk.core.store.WhiskViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code /admin/v1/namespaces}: what OpenWhisk does with {@code wskadmin user} and {@code wskadmin limits}
 * (apache/openwhisk#5219), over REST. A namespace is a subject document named after it (as {@code wskadmin user
 * create <subject>} makes one) with one {@code {name, uuid, key}}; its limits are the subjects document
 * {@code <namespace>/limits}. Guarded by {@link AdminAuthFilter}.
 */
@Path("admin/v1/namespaces")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class AdminResource {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> LIMIT_FIELDS = List.of("invocationsPerMinute", "concurrentInvocations",
            "firesPerMinute");

    @Inject
    Stores stores;
    @Inject
    Authenticator authenticator;
    @Inject
    NamespaceLimits limits;
    @Inject
    SystemLimits system;

    /** A namespace's subject document and its entry in {@code namespaces}. */
    private record Found(Document subject, ObjectNode entry) {
    }

    @GET
    public Response list() {
        Map<String, ObjectNode> byName = new TreeMap<>();
        for (ViewRow row : subjects().query(WhiskViews.IDENTITIES_BY_NAMESPACE, ViewQuery.prefix())) {
            for (JsonNode ns : row.document().body().path("namespaces")) {
                byName.put(ns.path("name").asText(), describe(row.document(), (ObjectNode) ns, false));
            }
        }
        ArrayNode result = Json.array();
        byName.values().forEach(result::add);
        return Responses.ok(result);
    }

    @PUT
    @Path("{ns}")
    public Response create(@PathParam("ns") String ns) {
        EntityName.require(ns);
        if (find(ns).isPresent() || subjects().get(ns).isPresent()) {
            throw ApiException.conflict(Messages.ALREADY_EXISTS);
        }
        ObjectNode doc = Json.object().put("subject", ns);
        ObjectNode entry = doc.putArray("namespaces").addObject().put("name", ns)
                .put("uuid", UUID.randomUUID().toString()).put("key", newKey());
        try {
            String rev = subjects().put(ns, null, doc);
            return Responses.ok(describe(new Document(ns, rev, doc), entry, true));
        } catch (DocumentConflictException e) {
            throw ApiException.conflict(Messages.ALREADY_EXISTS);
        }
    }

    @GET
    @Path("{ns}")
    public Response get(@PathParam("ns") String ns) {
        Found f = require(ns);
        return Responses.ok(describe(f.subject(), f.entry(), true));
    }

    @DELETE
    @Path("{ns}")
    public Response delete(@PathParam("ns") String ns) {
        Found f = require(ns);
        ObjectNode body = f.subject().body().deepCopy();
        ArrayNode remaining = Json.array();
        body.path("namespaces").forEach(n -> {
            if (!ns.equals(n.path("name").asText())) {
                remaining.add(n);
            }
        });
        if (remaining.isEmpty()) {
            subjects().delete(f.subject().id(), f.subject().rev());
        } else {
            body.set("namespaces", remaining);
            write(f.subject(), body);
        }
        subjects().get(NamespaceLimits.docId(ns)).ifPresent(d -> subjects().delete(d.id(), d.rev()));
        forget(ns);
        return Responses.ok(describe(f.subject(), f.entry(), false));
    }

    /** A new key for the namespace (same uuid); the old key stops working at once. */
    @POST
    @Path("{ns}/key")
    public Response rotate(@PathParam("ns") String ns) {
        Found f = require(ns);
        ObjectNode body = f.subject().body().deepCopy();
        ObjectNode entry = null;
        for (JsonNode n : body.path("namespaces")) {
            if (ns.equals(n.path("name").asText())) {
                entry = ((ObjectNode) n).put("key", newKey());
            }
        }
        String rev = write(f.subject(), body);
        forget(ns);
        return Responses.ok(describe(new Document(f.subject().id(), rev, body), entry, true));
    }

    @POST
    @Path("{ns}/block")
    public Response block(@PathParam("ns") String ns) {
        return setBlocked(ns, true);
    }

    @POST
    @Path("{ns}/unblock")
    public Response unblock(@PathParam("ns") String ns) {
        return setBlocked(ns, false);
    }

    /** Blocks the namespace's subject, as {@code wskadmin user block} does: its keys are refused (401). */
    private Response setBlocked(String ns, boolean blocked) {
        Found f = require(ns);
        ObjectNode body = f.subject().body().deepCopy();
        if (blocked) {
            body.put("blocked", true);
        } else {
            body.remove("blocked");
        }
        String rev = write(f.subject(), body);
        forget(ns);
        return Responses.ok(describe(new Document(f.subject().id(), rev, body), f.entry(), false));
    }

    @GET
    @Path("{ns}/limits")
    public Response getLimits(@PathParam("ns") String ns) {
        require(ns);
        return Responses.ok(limitsJson(ns));
    }

    /**
     * Sets the namespace's limits document ({@code wskadmin limits set}): {@code invocationsPerMinute},
     * {@code concurrentInvocations}, {@code firesPerMinute}, each a non-negative integer or absent (system default).
     */
    @PUT
    @Path("{ns}/limits")
    public Response setLimits(@PathParam("ns") String ns, @Context HttpHeaders headers, String body) {
        require(ns);
        RequestSize.checkBody(headers.getLength(), body, system.payloadMaxBytes());
        JsonContent.require(headers.getMediaType(), body, false);
        JsonNode content = Json.objectBody(body);
        ObjectNode doc = Json.object();
        for (String field : LIMIT_FIELDS) {
            JsonNode v = content.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                throw ApiException.badRequest("The value of '" + field + "' must be a non-negative integer.");
            }
            doc.put(field, v.asInt());
        }
        String id = NamespaceLimits.docId(ns);
        Optional<Document> existing = subjects().get(id);
        try {
            subjects().put(id, existing.map(Document::rev).orElse(null), doc);
        } catch (DocumentConflictException e) {
            throw ApiException.conflict(Messages.CONCURRENT_MODIFICATION);
        }
        limits.invalidate(ns);
        return Responses.ok(limitsJson(ns));
    }

    @DELETE
    @Path("{ns}/limits")
    public Response deleteLimits(@PathParam("ns") String ns) {
        require(ns);
        subjects().get(NamespaceLimits.docId(ns)).ifPresent(d -> subjects().delete(d.id(), d.rev()));
        limits.invalidate(ns);
        return Responses.ok(limitsJson(ns));
    }

    private ObjectNode limitsJson(String ns) {
        NamespaceLimits.Effective l = limits.of(ns);
        return Json.object().put("namespace", ns).put("invocationsPerMinute", l.invocationsPerMinute())
                .put("concurrentInvocations", l.concurrentInvocations()).put("firesPerMinute", l.firesPerMinute());
    }

    private DocumentStore subjects() {
        return stores.subjects();
    }

    private Optional<Found> find(String ns) {
        for (ViewRow row : subjects().query(WhiskViews.IDENTITIES_BY_NAMESPACE, ViewQuery.prefix(ns))) {
            for (JsonNode n : row.document().body().path("namespaces")) {
                if (ns.equals(n.path("name").asText())) {
                    return Optional.of(new Found(row.document(), (ObjectNode) n));
                }
            }
        }
        return Optional.empty();
    }

    private Found require(String ns) {
        EntityName.require(ns);
        return find(ns).orElseThrow(ApiException::notFound);
    }

    private String write(Document current, ObjectNode body) {
        try {
            return subjects().put(current.id(), current.rev(), body);
        } catch (DocumentConflictException e) {
            throw ApiException.conflict(Messages.CONCURRENT_MODIFICATION);
        }
    }

    private void forget(String ns) {
        authenticator.invalidate();
        limits.invalidate(ns);
    }

    private static ObjectNode describe(Document subject, ObjectNode entry, boolean withKey) {
        String uuid = entry.path("uuid").asText();
        ObjectNode o = Json.object().put("namespace", entry.path("name").asText())
                .put("subject", subject.body().path("subject").asText()).put("uuid", uuid);
        if (withKey) {
            o.put("key", entry.path("key").asText()).put("auth", uuid + ":" + entry.path("key").asText());
        }
        o.put("blocked", subject.body().path("blocked").asBoolean(false));
        return o;
    }

    /** A 64-character alphanumeric secret, as OpenWhisk's Secret requires. */
    static String newKey() {
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            b.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return b.toString();
    }
}
