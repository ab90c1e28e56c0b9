package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A document of the subjects database (OpenWhisk's WhiskAuth): {@code {"subject", "namespaces": [{"name", "uuid",
 * "key"}]}}, with {@code "blocked": true} while the subject is blocked ({@code wskadmin user block}). Each namespace
 * has its own {@code uuid:key}. {@code id} and {@code rev} say where it is stored ({@code rev} null until it is); the
 * id is the subject's name for every subject Brisk creates, as {@code wskadmin user create} names it.
 */
public record Subject(String id, String rev, String subject, List<Namespace> namespaces, boolean blocked) {

    /** A namespace of a subject and the credentials that act in it. */
    public record Namespace(String name, String uuid, String key) {
        /** The {@code uuid:key} that authenticates as this namespace. */
        public String authKey() {
            return uuid + ":" + key;
        }

        @Override
        public String toString() {
            // never print the key
            return "Namespace[" + name + ", " + uuid + "]";
        }
    }

    public Subject {
        namespaces = List.copyOf(namespaces);
    }

    /** A new subject, not stored yet, with one namespace; its document id is its name. */
    public static Subject create(String subject, Namespace namespace) {
        return new Subject(subject, null, subject, List.of(namespace), false);
    }

    /** The first of its namespaces named {@code name}. */
    public Optional<Namespace> namespace(String name) {
        return namespaces.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The first of its namespaces whose credentials have {@code uuid}. */
    public Optional<Namespace> namespaceWithUuid(String uuid) {
        return namespaces.stream().filter(n -> n.uuid().equals(uuid)).findFirst();
    }

    /** Who acts in {@code namespace} of this subject with its credentials. */
    public Identity identity(Namespace namespace) {
        return new Identity(subject, namespace.name(), namespace.uuid(), namespace.authKey());
    }

    public Subject withNamespaces(List<Namespace> replaced) {
        return new Subject(id, rev, subject, replaced, blocked);
    }

    public Subject withBlocked(boolean b) {
        return new Subject(id, rev, subject, namespaces, b);
    }

    /** The same subject at revision {@code newRev} of its document. */
    public Subject withRev(String newRev) {
        return new Subject(id, newRev, subject, namespaces, blocked);
    }

    public ObjectNode toDocument() {
        ObjectNode doc = Json.object().put("subject", subject);
        ArrayNode list = doc.putArray("namespaces");
        namespaces.forEach(n -> list.addObject().put("name", n.name()).put("uuid", n.uuid()).put("key", n.key()));
        if (blocked) {
            doc.put("blocked", true);
        }
        return doc;
    }

    public static Subject fromDocument(Document doc) {
        JsonNode body = doc.body();
        List<Namespace> namespaces = new ArrayList<>();
        for (JsonNode n : body.path("namespaces")) {
            namespaces.add(new Namespace(n.path("name").asText(), n.path("uuid").asText(), n.path("key").asText()));
        }
        return new Subject(doc.id(), doc.rev(), body.path("subject").asText(), namespaces,
                body.path("blocked").asBoolean(false));
    }
}
