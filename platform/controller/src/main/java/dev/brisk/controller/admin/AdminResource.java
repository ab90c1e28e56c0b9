package dev.brisk.controller.admin;

import dev.brisk.controller.entity.RequestSize;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.auth.Authenticator;
import dev.brisk.controller.entity.Subject;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.entity.UserLimits;
import dev.brisk.controller.http.JsonContent;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.limits.NamespaceLimits;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.DocumentConflictException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code /admin/v1/namespaces}: what OpenWhisk does with {@code wskadmin user} and {@code wskadmin limits}
 * (apache/openwhisk#5219), over REST. A namespace is a {@link Subject} named after it (as {@code wskadmin user
 * create <subject>} makes one) with one {@code {name, uuid, key}}; its limits are its {@link UserLimits}. Guarded by
 * {@link AdminAuthFilter}.
 */
@Path("admin/v1/namespaces")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class AdminResource {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubjectStore subjects;
    private final Authenticator authenticator;
    private final NamespaceLimits limits;
    private final SystemLimits system;

    @Inject
    public AdminResource(SubjectStore subjects, Authenticator authenticator, NamespaceLimits limits,
                         SystemLimits system) {
        this.subjects = subjects;
        this.authenticator = authenticator;
        this.limits = limits;
        this.system = system;
    }

    /** A namespace's subject and its entry in the subject's namespaces. */
    private record Found(Subject subject, Subject.Namespace entry) {
    }

    @GET
    public Response list() {
        Map<String, ObjectNode> byName = new TreeMap<>();
        for (Subject subject : subjects.all()) {
            for (Subject.Namespace ns : subject.namespaces()) {
                byName.put(ns.name(), describe(subject, ns, false));
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
        if (find(ns).isPresent() || subjects.get(ns).isPresent()) {
            throw ApiException.conflict(Messages.ALREADY_EXISTS);
        }
        Subject.Namespace entry = new Subject.Namespace(ns, UUID.randomUUID().toString(), newKey());
        try {
            return Responses.ok(describe(subjects.create(Subject.create(ns, entry)), entry, true));
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
        List<Subject.Namespace> remaining = f.subject().namespaces().stream().filter(n -> !ns.equals(n.name()))
                .toList();
        if (remaining.isEmpty()) {
            subjects.delete(f.subject());
        } else {
            write(f.subject().withNamespaces(remaining));
        }
        subjects.deleteLimits(ns);
        forget(ns);
        return Responses.ok(describe(f.subject(), f.entry(), false));
    }

    /** A new key for the namespace (same uuid); the old key stops working at once. */
    @POST
    @Path("{ns}/key")
    public Response rotate(@PathParam("ns") String ns) {
        Found f = require(ns);
        List<Subject.Namespace> namespaces = new ArrayList<>();
        Subject.Namespace entry = null;
        for (Subject.Namespace n : f.subject().namespaces()) {
            if (ns.equals(n.name())) {
                n = entry = new Subject.Namespace(n.name(), n.uuid(), newKey());
            }
            namespaces.add(n);
        }
        Subject written = write(f.subject().withNamespaces(namespaces));
        forget(ns);
        return Responses.ok(describe(written, entry, true));
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
        Subject written = write(f.subject().withBlocked(blocked));
        forget(ns);
        return Responses.ok(describe(written, f.entry(), false));
    }

    @GET
    @Path("{ns}/limits")
    public Response getLimits(@PathParam("ns") String ns) {
        require(ns);
        return Responses.ok(limitsJson(ns));
    }

    /**
     * Sets the namespace's limits document ({@code wskadmin limits set}): {@code invocationsPerMinute},
     * {@code concurrentInvocations}, {@code firesPerMinute}, {@code activationRetentionSeconds} (0: for ever), each a
     * non-negative integer or absent (system default).
     */
    @PUT
    @Path("{ns}/limits")
    public Response setLimits(@PathParam("ns") String ns, @Context HttpHeaders headers, String body) {
        require(ns);
        RequestSize.checkBody(headers.getLength(), body, system.payloadMaxBytes());
        JsonContent.require(headers.getMediaType(), body);
        JsonNode content = Json.objectBody(body);
        ObjectNode doc = Json.object();
        for (String field : UserLimits.FIELDS) {
            JsonNode v = content.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                throw ApiException.badRequest("The value of '" + field + "' must be a non-negative integer.");
            }
            doc.put(field, v.asInt());
        }
        try {
            subjects.putLimits(ns, UserLimits.fromDocument(doc));
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
        subjects.deleteLimits(ns);
        limits.invalidate(ns);
        return Responses.ok(limitsJson(ns));
    }

    private ObjectNode limitsJson(String ns) {
        NamespaceLimits.Effective l = limits.of(ns);
        return Json.object().put("namespace", ns).put("invocationsPerMinute", l.invocationsPerMinute())
                .put("concurrentInvocations", l.concurrentInvocations()).put("firesPerMinute", l.firesPerMinute())
                .put("activationRetentionSeconds", l.activationRetentionSeconds());
    }

    private Optional<Found> find(String ns) {
        return subjects.holding(ns).stream().findFirst().map(s -> new Found(s, s.namespace(ns).orElseThrow()));
    }

    private Found require(String ns) {
        EntityName.require(ns);
        return find(ns).orElseThrow(ApiException::notFound);
    }

    private Subject write(Subject changed) {
        try {
            return subjects.update(changed);
        } catch (DocumentConflictException e) {
            throw ApiException.conflict(Messages.CONCURRENT_MODIFICATION);
        }
    }

    private void forget(String ns) {
        authenticator.invalidate();
        limits.invalidate(ns);
    }

    private static ObjectNode describe(Subject subject, Subject.Namespace entry, boolean withKey) {
        ObjectNode o = Json.object().put("namespace", entry.name()).put("subject", subject.subject())
                .put("uuid", entry.uuid());
        if (withKey) {
            o.put("key", entry.key()).put("auth", entry.authKey());
        }
        o.put("blocked", subject.blocked());
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
