package dev.brisk.controller.entity;

import dev.brisk.core.entity.EntityJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.json.Json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trigger (WhiskTrigger.scala). Its document also holds the rules that fire from it, so firing reads one
 * document: {@code rules: {"ns/rule": {"action": {"path", "name"}, "status": "active"|"inactive"}}}.
 *
 * @param rules the rule table by rule document id, in the order the rules were added; null when the trigger has
 *              never had one (OpenWhisk's {@code Option}), empty when its rules were all deleted
 */
public record WhiskTrigger(String namespace, String name, SemVer version, boolean publish, Parameters annotations,
                           Parameters parameters, Map<String, RuleEntry> rules, long updated) {
    public static final String ENTITY_TYPE = "trigger";

    public WhiskTrigger {
        rules = rules == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** A rule as its trigger knows it (OpenWhisk's ReducedRule): the action it starts and whether it is active. */
    public record RuleEntry(QualifiedName action, String status) {
        public static final String ACTIVE = "active";
        public static final String INACTIVE = "inactive";

        public boolean isActive() {
            return ACTIVE.equals(status);
        }

        ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.set("action", action.toJson());
            o.put("status", status);
            return o;
        }

        static RuleEntry fromJson(JsonNode node) {
            return new RuleEntry(QualifiedName.fromJson(node.path("action")), node.path("status").asText(INACTIVE));
        }
    }

    public String docId() {
        return namespace + "/" + name;
    }

    /** The rule table, empty when there is none. */
    public Map<String, RuleEntry> ruleTable() {
        return rules == null ? Map.of() : rules;
    }

    public boolean anyRuleActive() {
        return ruleTable().values().stream().anyMatch(RuleEntry::isActive);
    }

    public WhiskTrigger withRules(Map<String, RuleEntry> newRules) {
        return new WhiskTrigger(namespace, name, version, publish, annotations, parameters, newRules, updated);
    }

    /** The API form: {@code rules} only when there are some. */
    public ObjectNode toJson() {
        return render(rules != null && !rules.isEmpty());
    }

    /** The list-view form: no parameters, no rules. */
    public ObjectNode toSummaryJson() {
        ObjectNode o = render(false);
        o.remove("parameters");
        return o;
    }

    /** The stored document: the rule table whenever the trigger has one, even empty, and the entity type. */
    public ObjectNode toDocument() {
        ObjectNode o = render(rules != null);
        o.put("entityType", ENTITY_TYPE);
        return o;
    }

    private ObjectNode render(boolean withRules) {
        ObjectNode o = EntityJson.start(namespace, name, version, publish, annotations);
        o.set("parameters", parameters.toJson());
        o.putObject("limits");
        if (withRules) {
            ObjectNode table = o.putObject("rules");
            rules.forEach((id, rule) -> table.set(id, rule.toJson()));
        }
        o.put("updated", updated);
        return o;
    }

    public static WhiskTrigger fromDocument(JsonNode doc) {
        Map<String, RuleEntry> rules = null;
        if (doc.path("rules").isObject()) {
            rules = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : doc.get("rules").properties()) {
                rules.put(e.getKey(), RuleEntry.fromJson(e.getValue()));
            }
        }
        return new WhiskTrigger(EntityJson.namespace(doc), EntityJson.name(doc), EntityJson.version(doc),
                EntityJson.publish(doc), EntityJson.annotations(doc), Parameters.fromJson(doc.get("parameters")), rules,
                EntityJson.updated(doc));
    }
}
