package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.json.Json;

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
        ObjectNode o = Json.object();
        o.put("namespace", namespace);
        o.put("name", name);
        o.put("version", version.toString());
        o.put("publish", publish);
        o.set("annotations", annotations.toJson());
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
        return new WhiskPackage(doc.path("namespace").asText(), doc.path("name").asText(),
                SemVer.parse(doc.path("version").asText("0.0.1")), doc.path("publish").asBoolean(false),
                Parameters.fromJson(doc.get("annotations")), Parameters.fromJson(doc.get("parameters")),
                bound ? b.path("namespace").asText() : null, bound ? b.path("name").asText() : null,
                doc.path("updated").asLong());
    }
}
