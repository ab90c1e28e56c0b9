package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

/**
 * An entity another one refers to, as OpenWhisk's FullyQualifiedEntityName writes it: {@code {"path": ns or ns/pkg,
 * "name": name}} (a rule's trigger and action, a trigger's rule table entries).
 */
public record QualifiedName(String path, String name) {

    /** Of {@code [namespace, name or pkg/name]}, as {@link ActionResolver#qualified} splits a name. */
    static QualifiedName of(String[] nsAndPath) {
        String p = nsAndPath[1];
        int slash = p.lastIndexOf('/');
        return new QualifiedName(slash < 0 ? nsAndPath[0] : nsAndPath[0] + "/" + p.substring(0, slash),
                slash < 0 ? p : p.substring(slash + 1));
    }

    /** The document id, {@code ns/[pkg/]name}. */
    public String docId() {
        return path + "/" + name;
    }

    /** The namespace, without the package. */
    public String namespace() {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    /** {@code name} or {@code pkg/name}: the entity within its namespace. */
    public String pathInNamespace() {
        String d = docId();
        return d.substring(d.indexOf('/') + 1);
    }

    public ObjectNode toJson() {
        return Json.object().put("path", path).put("name", name);
    }

    public static QualifiedName fromJson(JsonNode node) {
        return new QualifiedName(node.path("path").asText(), node.path("name").asText());
    }
}
