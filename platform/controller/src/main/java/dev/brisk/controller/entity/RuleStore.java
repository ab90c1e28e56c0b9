package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules (Rules.scala): a rule document names its trigger and action; whether it is active lives in the trigger's
 * rule table, so firing reads one document. A new rule is active; an update keeps the status.
 */
@ApplicationScoped
public class RuleStore {
    public static final String ENTITY_TYPE = "rule";

    private final EntityDocs docs;
    private final TriggerStore triggers;
    private final ActionResolver resolver;

    @Inject
    public RuleStore(EntityDocs docs, TriggerStore triggers, ActionResolver resolver) {
        this.docs = docs;
        this.triggers = triggers;
        this.resolver = resolver;
    }

    public ObjectNode put(Identity caller, String namespace, String name, String body, boolean overwrite) {
        EntityName.require(name);
        JsonNode content = Json.objectBody(body);
        String docId = namespace + "/" + name;
        entitle(caller, content);
        Optional<Document> existing = docs.forPut(docId, ENTITY_TYPE, overwrite);
        ObjectNode old = existing.map(Document::body).orElse(null);
        String triggerFqn = text(content, "trigger", old);
        String actionFqn = text(content, "action", old);
        if (triggerFqn == null || actionFqn == null) {
            throw new Json.MalformedJsonException("a rule needs 'trigger' and 'action'");
        }
        String[] t = ActionResolver.qualified(caller, triggerFqn);
        String[] a = ActionResolver.qualified(caller, actionFqn);
        String triggerDocId = t[0] + "/" + t[1];
        if (docs.find(triggerDocId).filter(d -> TriggerStore.ENTITY_TYPE.equals(d.body().path("entityType").asText()))
                .isEmpty()) {
            throw ApiException.badRequest("trigger /" + triggerDocId + " does not exist");
        }
        try {
            resolver.resolve(caller, a[0], a[1]);
        } catch (ApiException e) {
            if (e.status() == 403) {
                throw e; // entitled above; kept should the package change in between
            }
            throw ApiException.badRequest("action /" + a[0] + "/" + a[1] + " does not exist");
        }
        String oldStatus = old == null ? null : statusOf(old);
        ObjectNode doc = Json.object();
        doc.put("namespace", namespace);
        doc.put("name", name);
        EntityUpdate update = EntityUpdate.of(content);
        doc.put("version", update.version(Optional.ofNullable(old).map(o -> SemVer.parse(o.path("version").asText())))
                .toString());
        doc.put("publish", update.publish(old != null && old.path("publish").asBoolean(false)));
        doc.set("annotations", update.annotations(old == null ? Parameters.EMPTY : Parameters.fromJson(old.get("annotations")))
                .toJson());
        doc.set("trigger", path(t));
        doc.set("action", path(a));
        doc.put("updated", System.currentTimeMillis());
        doc.put("entityType", ENTITY_TYPE);
        if (old != null && !old.path("trigger").equals(doc.get("trigger"))) {
            triggers.updateRules(docIdOf(old.get("trigger")), rules -> {
                rules.remove(docId);
                return rules;
            });
        }
        docs.write(docId, existing, doc);
        String status = oldStatus == null ? "active" : oldStatus;
        triggers.updateRules(triggerDocId, rules -> {
            ObjectNode entry = rules.putObject(docId);
            entry.set("action", path(a));
            entry.put("status", status);
            return rules;
        });
        return toJson(doc, status);
    }

    /**
     * READ on the trigger and the action the body names, before either is looked up and before the rule itself, as
     * OpenWhisk's Rules.create checks the referenced entities: another namespace's trigger is never the caller's, and
     * an action is entitled as {@link ActionResolver#entitled} says, so a rule tells nothing about another namespace's
     * packages, its trigger's rule table is never written, and both refused names share one 403.
     */
    private void entitle(Identity caller, JsonNode content) {
        List<String> refused = new ArrayList<>();
        JsonNode trigger = content.get("trigger");
        if (trigger != null && trigger.isTextual()) {
            String[] t = ActionResolver.qualified(caller, trigger.asText());
            if (!t[0].equals(caller.namespace())) {
                refused.add(t[0] + "/" + t[1]);
            }
        }
        JsonNode action = content.get("action");
        resolver.entitleAll(caller, action != null && action.isTextual() ? List.of(action.asText()) : List.of(), refused);
    }

    /** {@code {"path": ns or ns/pkg, "name": name}} of a qualified name. */
    private static ObjectNode path(String[] nsAndPath) {
        String p = nsAndPath[1];
        int slash = p.lastIndexOf('/');
        return Json.object().put("path", slash < 0 ? nsAndPath[0] : nsAndPath[0] + "/" + p.substring(0, slash))
                .put("name", slash < 0 ? p : p.substring(slash + 1));
    }

    static String docIdOf(JsonNode pathName) {
        return pathName.path("path").asText() + "/" + pathName.path("name").asText();
    }

    private static String text(JsonNode content, String field, ObjectNode old) {
        JsonNode v = content.get(field);
        if (v != null && v.isTextual()) {
            return v.asText();
        }
        if (old != null) {
            return "/" + docIdOf(old.get(field));
        }
        return null;
    }

    /** Status from the trigger's rule table; {@code inactive} when the trigger is gone. */
    private String statusOf(JsonNode rule) {
        String ruleId = rule.path("namespace").asText() + "/" + rule.path("name").asText();
        return docs.find(docIdOf(rule.get("trigger")))
                .map(t -> t.body().path("rules").path(ruleId).path("status").asText("inactive"))
                .orElse("inactive");
    }

    private static ObjectNode toJson(JsonNode doc, String status) {
        ObjectNode o = doc.deepCopy();
        o.remove("entityType");
        o.put("status", status);
        return o;
    }

    public ObjectNode get(String namespace, String name) {
        Document doc = docs.get(namespace + "/" + EntityName.require(name), ENTITY_TYPE);
        return toJson(doc.body(), statusOf(doc.body()));
    }

    /** POST {status}: enable or disable (200 also when it already has that status). */
    public ObjectNode setStatus(String namespace, String name, String body) {
        Document doc = docs.get(namespace + "/" + EntityName.require(name), ENTITY_TYPE);
        JsonNode content = body == null || body.isBlank() ? Json.object() : Json.parse(body);
        String status = content.path("status").asText("");
        if (!status.equals("active") && !status.equals("inactive")) {
            throw ApiException.badRequest("status must be 'active' or 'inactive'");
        }
        String ruleId = doc.id();
        boolean found = triggers.updateRules(docIdOf(doc.body().get("trigger")), rules -> {
            ObjectNode entry = rules.path(ruleId).isObject() ? (ObjectNode) rules.get(ruleId) : rules.putObject(ruleId);
            entry.set("action", doc.body().get("action"));
            entry.put("status", status);
            return rules;
        });
        if (!found) {
            throw new ApiException(404, "Only rules with existing triggers can be activated");
        }
        return toJson(doc.body(), status);
    }

    public ObjectNode delete(String namespace, String name) {
        Document doc = docs.get(namespace + "/" + EntityName.require(name), ENTITY_TYPE);
        triggers.updateRules(docIdOf(doc.body().get("trigger")), rules -> {
            rules.remove(doc.id());
            return rules;
        });
        docs.delete(doc);
        return toJson(doc.body(), "inactive");
    }

    public ArrayNode list(String namespace, int skip, int limit) {
        ArrayNode result = Json.array();
        docs.list(namespace, ENTITY_TYPE, skip, limit).forEach(d -> result.add(toJson(d.body(), statusOf(d.body()))));
        return result;
    }

    public long count(String namespace) {
        return docs.count(namespace, ENTITY_TYPE);
    }

    /** The action a rule entry names, for firing. */
    static String actionFqn(JsonNode entry) {
        return "/" + docIdOf(entry.get("action"));
    }

    static boolean isAction(Document d) {
        return WhiskAction.ENTITY_TYPE.equals(d.body().path("entityType").asText());
    }
}
