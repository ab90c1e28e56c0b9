package dev.brisk.controller.entity;

import dev.brisk.core.entity.EntityJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;

/**
 * A package, or a binding of one ({@code bindingNamespace/bindingName} set) (WhiskPackage.scala). Actions in a
 * package have the namespace {@code ns/package}.
 */
public record WhiskPackage(String namespace, String name, SemVer version, boolean publish, Parameters annotations,
                           Parameters parameters, String bindingNamespace, String bindingName, long updated) {
    public static final String ENTITY_TYPE = "package";

    public String docId() {
        return namespace + "/" + name;
    }

    public boolean isBinding() {
        return bindingName != null;
    }

    /** The bound package's document id. */
    public String boundDocId() {
        return bindingNamespace + "/" + bindingName;
    }

    public ObjectNode toJson() {
        ObjectNode o = EntityJson.start(namespace, name, version, publish, annotations);
        o.set("parameters", parameters.toJson());
        ObjectNode binding = o.putObject("binding");
        if (isBinding()) {
            binding.put("namespace", bindingNamespace).put("name", bindingName);
        }
        o.put("updated", updated);
        return o;
    }

    /** The list-view form: no parameters; {@code binding} is the bound package or {@code false}. */
    public ObjectNode toSummaryJson() {
        ObjectNode o = toJson();
        o.remove("parameters");
        if (!isBinding()) {
            o.put("binding", false);
        }
        return o;
    }

    public ObjectNode toDocument() {
        ObjectNode o = toJson();
        o.put("entityType", ENTITY_TYPE);
        return o;
    }

    public static WhiskPackage fromDocument(JsonNode doc) {
        JsonNode b = doc.path("binding");
        boolean bound = b.isObject() && b.hasNonNull("name");
        return new WhiskPackage(EntityJson.namespace(doc), EntityJson.name(doc), EntityJson.version(doc),
                EntityJson.publish(doc), EntityJson.annotations(doc), Parameters.fromJson(doc.get("parameters")),
                bound ? b.path("namespace").asText() : null, bound ? b.path("name").asText() : null,
                EntityJson.updated(doc));
    }
}
