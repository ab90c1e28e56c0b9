package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.ActionLimits;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Exec;
import dev.brisk.core.entity.LimitBounds;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import dev.brisk.core.store.WhiskViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/** Actions in the whisks database: create, update, read, delete and list with OpenWhisk's rules (Actions.scala). */
@ApplicationScoped
public class ActionStore {
    @Inject
    Stores stores;
    @Inject
    RuntimeManifest manifest;
    @Inject
    LimitBounds bounds;

    /** A stored action and the revision it was read at. */
    public record Stored(WhiskAction action, String rev) {
    }

    public static String docId(String namespace, String name) {
        return namespace + "/" + name;
    }

    public Stored get(String namespace, String name) {
        EntityName.require(name);
        Document doc = stores.whisks().get(docId(namespace, name)).orElseThrow(ApiException::notFound);
        return new Stored(asAction(doc), doc.rev());
    }

    private static WhiskAction asAction(Document doc) {
        if (!WhiskAction.ENTITY_TYPE.equals(doc.body().path("entityType").asText())) {
            throw ApiException.conflict(Messages.WRONG_COLLECTION);
        }
        return WhiskAction.fromDocument(doc.body());
    }

    /** PUT: create, or with {@code overwrite} update what the body names and keep the rest (WhiskActionsApi.update). */
    public WhiskAction put(String namespace, String name, String body, boolean overwrite) {
        EntityName.require(name);
        JsonNode content = parseBody(body);
        Optional<Document> existing = stores.whisks().get(docId(namespace, name));
        if (existing.isPresent() && !overwrite) {
            throw ApiException.conflict(Messages.ALREADY_EXISTS);
        }
        WhiskAction action;
        if (existing.isPresent()) {
            action = update(asAction(existing.get()), content);
        } else {
            action = create(namespace, name, content);
        }
        try {
            stores.whisks().put(action.docId(), existing.map(Document::rev).orElse(null), action.toDocument());
        } catch (DocumentConflictException e) {
            throw ApiException.conflict(existing.isPresent() ? Messages.CONCURRENT_MODIFICATION : Messages.ALREADY_EXISTS);
        }
        return action;
    }

    private static JsonNode parseBody(String body) {
        JsonNode content = body == null || body.isBlank() ? Json.object() : Json.parse(body);
        if (!content.isObject()) {
            throw new Json.MalformedJsonException("Object expected");
        }
        return content;
    }

    private WhiskAction create(String namespace, String name, JsonNode content) {
        if (!content.hasNonNull("exec")) {
            throw ApiException.badRequest("exec undefined");
        }
        Exec exec = Exec.fromJson(content.get("exec"), manifest);
        Parameters annotations = annotations(content, Parameters.EMPTY)
                .withIfAbsent("provide-api-key", Json.MAPPER.getNodeFactory().booleanNode(false))
                .with("exec", Json.MAPPER.getNodeFactory().textNode(exec.kind()));
        return new WhiskAction(namespace, name, version(content).orElse(SemVer.INITIAL), publish(content, false),
                annotations, Parameters.fromJson(content.get("parameters")), exec,
                ActionLimits.fromJson(content.get("limits"), ActionLimits.defaults(bounds), bounds),
                System.currentTimeMillis());
    }

    private WhiskAction update(WhiskAction old, JsonNode content) {
        Exec exec = content.hasNonNull("exec") ? Exec.fromJson(content.get("exec"), manifest) : old.exec();
        Parameters annotations = annotations(content, old.annotations())
                .with("exec", Json.MAPPER.getNodeFactory().textNode(exec.kind()));
        Parameters parameters = content.has("parameters") ? Parameters.fromJson(content.get("parameters")) : old.parameters();
        return new WhiskAction(old.namespace(), old.name(), version(content).orElse(old.version().upPatch()),
                publish(content, old.publish()), annotations, parameters, exec,
                ActionLimits.fromJson(content.get("limits"), old.limits(), bounds), System.currentTimeMillis());
    }

    private static Parameters annotations(JsonNode content, Parameters current) {
        Parameters result = content.has("annotations") ? Parameters.fromJson(content.get("annotations")) : current;
        JsonNode delete = content.get("delAnnotations");
        if (delete != null && delete.isArray()) {
            for (JsonNode key : delete) {
                result = result.without(key.asText());
            }
        }
        return result;
    }

    private static Optional<SemVer> version(JsonNode content) {
        JsonNode v = content.get("version");
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SemVer.parse(v.asText()));
        } catch (RuntimeException e) {
            throw new Json.MalformedJsonException("version must be a semantic version: " + v.asText());
        }
    }

    private static boolean publish(JsonNode content, boolean fallback) {
        JsonNode p = content.get("publish");
        if (p == null || p.isNull()) {
            return fallback;
        }
        if (!p.isBoolean()) {
            throw new Json.MalformedJsonException("Expected Boolean as JsBoolean in field 'publish'");
        }
        return p.asBoolean();
    }

    public WhiskAction delete(String namespace, String name) {
        Stored stored = get(namespace, name);
        try {
            if (!stores.whisks().delete(stored.action().docId(), stored.rev())) {
                throw ApiException.notFound();
            }
        } catch (DocumentConflictException e) {
            throw ApiException.conflict(Messages.CONCURRENT_MODIFICATION);
        }
        return stored.action();
    }

    /** Newest first, as OpenWhisk's entity views are read. */
    public JsonNode list(String namespace, int skip, int limit, boolean count) {
        ViewQuery query = ViewQuery.prefix(namespace, WhiskAction.ENTITY_TYPE).descending(true).page(skip, limit);
        if (count) {
            return Json.object().put("actions", stores.whisks().count(WhiskViews.ENTITIES, query));
        }
        List<ViewRow> rows = stores.whisks().query(WhiskViews.ENTITIES, query);
        ArrayNode result = Json.array();
        rows.forEach(r -> result.add(WhiskAction.fromDocument(r.document().body()).toSummaryJson()));
        return result;
    }

    public ObjectNode toJson(WhiskAction action, boolean withCode) {
        return action.toJson(withCode);
    }
}
