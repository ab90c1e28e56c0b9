package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Triggers in the whisks database (Triggers.scala). A trigger's document also holds the rules that fire from it,
 * {@code rules: {"ns/rule": {"action": {"path", "name"}, "status": "active"|"inactive"}}}, as in OpenWhisk.
 */
@ApplicationScoped
public class TriggerStore {
    public static final String ENTITY_TYPE = "trigger";

    private final SystemLimits limits;
    private final EntityDocs docs;

    @Inject
    public TriggerStore(SystemLimits limits, EntityDocs docs) {
        this.limits = limits;
        this.docs = docs;
    }

    public Document get(String namespace, String name) {
        return docs.get(namespace + "/" + EntityName.require(name), ENTITY_TYPE);
    }

    public ObjectNode put(String namespace, String name, String body, boolean overwrite) {
        EntityName.require(name);
        JsonNode content = Json.objectBody(body);
        RequestSize.checkParameters(content, "parameters", limits.parametersMaxBytes());
        RequestSize.checkParameters(content, "annotations", limits.parametersMaxBytes());
        String docId = namespace + "/" + name;
        Optional<Document> existing = docs.forPut(docId, ENTITY_TYPE, overwrite);
        ObjectNode old = existing.map(Document::body).orElse(null);
        JsonNode feed = content.has("annotations") ? Parameters.fromJson(content.get("annotations")).get("feed").orElse(null) : null;
        if (feed != null && (!feed.isTextual() || feed.asText().split("/").length < 2)) {
            throw ApiException.badRequest("Feed name is not valid");
        }
        ObjectNode doc = Json.object();
        doc.put("namespace", namespace);
        doc.put("name", name);
        EntityUpdate update = EntityUpdate.of(content);
        doc.put("version", update.version(Optional.ofNullable(old).map(o -> SemVer.parse(o.path("version").asText())))
                .toString());
        doc.put("publish", update.publish(old != null && old.path("publish").asBoolean(false)));
        doc.set("annotations", update.annotations(old == null ? Parameters.EMPTY : Parameters.fromJson(old.get("annotations")))
                .toJson());
        doc.set("parameters", update.parameters(old == null ? Parameters.EMPTY : Parameters.fromJson(old.get("parameters")))
                .toJson());
        doc.putObject("limits");
        if (old != null && old.path("rules").isObject()) {
            doc.set("rules", old.get("rules"));
        }
        doc.put("updated", System.currentTimeMillis());
        doc.put("entityType", ENTITY_TYPE);
        docs.write(docId, existing, doc);
        return toJson(doc);
    }

    /** The API form: the document without its entity type, {@code rules} only when there are some. */
    public static ObjectNode toJson(JsonNode doc) {
        ObjectNode o = doc.deepCopy();
        o.remove("entityType");
        if (o.path("rules").isObject() && o.get("rules").isEmpty()) {
            o.remove("rules");
        }
        return o;
    }

    public ObjectNode delete(String namespace, String name) {
        Document doc = get(namespace, name);
        docs.delete(doc);
        return toJson(doc.body());
    }

    public ArrayNode list(String namespace, int skip, int limit) {
        ArrayNode result = Json.array();
        docs.list(namespace, ENTITY_TYPE, skip, limit).forEach(d -> {
            ObjectNode o = toJson(d.body());
            o.remove("parameters");
            o.remove("rules");
            result.add(o);
        });
        return result;
    }

    public long count(String namespace) {
        return docs.count(namespace, ENTITY_TYPE);
    }

    /** Changes the trigger's rule table, retrying when a concurrent write won; false when the trigger is gone. */
    public boolean updateRules(String triggerDocId, UnaryOperator<ObjectNode> change) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Document> doc = docs.find(triggerDocId)
                    .filter(d -> ENTITY_TYPE.equals(d.body().path("entityType").asText()));
            if (doc.isEmpty()) {
                return false;
            }
            ObjectNode body = doc.get().body().deepCopy();
            ObjectNode rules = body.path("rules").isObject() ? (ObjectNode) body.get("rules") : body.putObject("rules");
            body.set("rules", change.apply(rules));
            try {
                docs.write(triggerDocId, doc, body);
                return true;
            } catch (ApiException conflict) {
                if (conflict.status() != 409) {
                    throw conflict;
                }
            }
        }
        throw ApiException.conflict(dev.brisk.core.error.Messages.CONCURRENT_MODIFICATION);
    }
}
