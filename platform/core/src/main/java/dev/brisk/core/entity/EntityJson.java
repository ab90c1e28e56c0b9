package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

/** The fields every entity's JSON starts with, in OpenWhisk's order, written and read in this one place. */
public final class EntityJson {
    private EntityJson() {
    }

    /** {@code namespace, name, version, publish, annotations}; the entity adds its own fields after them. */
    public static ObjectNode start(String namespace, String name, SemVer version, boolean publish, Parameters annotations) {
        ObjectNode o = Json.object();
        o.put("namespace", namespace);
        o.put("name", name);
        o.put("version", version.toString());
        o.put("publish", publish);
        o.set("annotations", annotations.toJson());
        return o;
    }

    public static String namespace(JsonNode doc) {
        return doc.path("namespace").asText();
    }

    public static String name(JsonNode doc) {
        return doc.path("name").asText();
    }

    public static SemVer version(JsonNode doc) {
        return SemVer.parse(doc.path("version").asText("0.0.1"));
    }

    public static boolean publish(JsonNode doc) {
        return doc.path("publish").asBoolean(false);
    }

    public static Parameters annotations(JsonNode doc) {
        return Parameters.fromJson(doc.get("annotations"));
    }

    public static long updated(JsonNode doc) {
        return doc.path("updated").asLong();
    }
}
