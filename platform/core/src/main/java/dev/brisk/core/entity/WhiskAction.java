package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

/**
 * An action as stored in the whisks database and returned by the API (WhiskAction.scala).
 *
 * @param namespace the namespace, or {@code namespace/package} for an action inside a package
 * @param updated   epoch milliseconds of the last write
 */
public record WhiskAction(String namespace, String name, SemVer version, boolean publish,
                          Parameters annotations, Parameters parameters, Exec exec, ActionLimits limits,
                          long updated) {
    public static final String ENTITY_TYPE = "action";

    /** The document id: {@code ns/[pkg/]name}, shared by all collections as in OpenWhisk. */
    public String docId() {
        return namespace + "/" + name;
    }

    /** {@code ns/[pkg/]name} without a leading slash, as in the {@code path} annotation. */
    public String path() {
        return docId();
    }

    public String rootNamespace() {
        int slash = namespace.indexOf('/');
        return slash < 0 ? namespace : namespace.substring(0, slash);
    }

    public ObjectNode toJson(boolean withCode) {
        ObjectNode o = EntityJson.start(namespace, name, version, publish, annotations);
        o.set("parameters", parameters.toJson());
        o.set("exec", exec.toJson(withCode));
        o.set("limits", limits.toJson());
        o.put("updated", updated);
        return o;
    }

    /** The list-view summary (whisks design document): no parameters, exec reduced to {@code binary}. */
    public ObjectNode toSummaryJson() {
        ObjectNode o = EntityJson.start(namespace, name, version, publish, annotations);
        o.set("limits", limits.toJson());
        o.putObject("exec").put("binary", exec.binary());
        o.put("updated", updated);
        return o;
    }

    /** The stored document body: the API form with code, plus the entity type used by the views. */
    public ObjectNode toDocument() {
        ObjectNode o = toJson(true);
        o.put("entityType", ENTITY_TYPE);
        return o;
    }

    public static WhiskAction fromDocument(JsonNode doc) {
        return new WhiskAction(doc.path("namespace").asText(), doc.path("name").asText(),
                SemVer.parse(doc.path("version").asText("0.0.1")), doc.path("publish").asBoolean(false),
                Parameters.fromJson(doc.get("annotations")), Parameters.fromJson(doc.get("parameters")),
                Exec.fromStored(doc.path("exec")), ActionLimits.fromStored(doc.path("limits")),
                doc.path("updated").asLong());
    }
}
