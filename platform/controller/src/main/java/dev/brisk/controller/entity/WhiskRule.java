package dev.brisk.controller.entity;

import dev.brisk.core.entity.EntityJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;

/**
 * A rule (WhiskRule.scala): the trigger it listens to and the action it starts. Whether it is active is not part of
 * the rule's document but of its trigger's rule table ({@link WhiskTrigger#rules()}), so the API form takes it.
 */
public record WhiskRule(String namespace, String name, SemVer version, boolean publish, Parameters annotations,
                        QualifiedName trigger, QualifiedName action, long updated) {
    public static final String ENTITY_TYPE = "rule";

    public String docId() {
        return namespace + "/" + name;
    }

    /** A rule with its status, as the API answers it (OpenWhisk's WhiskRuleResponse). */
    public record WithStatus(WhiskRule rule, String status) {
        public ObjectNode toJson() {
            return rule.render().put("status", status);
        }
    }

    public WithStatus withStatus(String status) {
        return new WithStatus(this, status);
    }

    public ObjectNode toDocument() {
        return render().put("entityType", ENTITY_TYPE);
    }

    private ObjectNode render() {
        ObjectNode o = EntityJson.start(namespace, name, version, publish, annotations);
        o.set("trigger", trigger.toJson());
        o.set("action", action.toJson());
        o.put("updated", updated);
        return o;
    }

    public static WhiskRule fromDocument(JsonNode doc) {
        return new WhiskRule(EntityJson.namespace(doc), EntityJson.name(doc), EntityJson.version(doc),
                EntityJson.publish(doc), EntityJson.annotations(doc), QualifiedName.fromJson(doc.path("trigger")),
                QualifiedName.fromJson(doc.path("action")), EntityJson.updated(doc));
    }
}
