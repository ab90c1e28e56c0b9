package dev.brisk.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The views every store provides for the three databases (after OpenWhisk's whisks/subjects design documents). Each
 * view is written twice, as a JavaScript map function for CouchDB and a Java key function for the embedded store;
 * {@code WhiskViewsAgreementTest} runs both over the same documents and fails when they emit different keys.
 */
public final class WhiskViews {
    /** whisks: {@code [rootNamespace, entityType, updated]} for every entity. */
    public static final String ENTITIES = "entities";
    /** Active alarm schedules (the controller's alarms feed) by their next tick, epoch milliseconds. */
    public static final String ALARMS = "alarms";
    /** activations: {@code [namespace, start]}. */
    public static final String ACTIVATIONS = "activations";
    /** activations: {@code [namespace, path-within-namespace, start]} for the {@code name} filter. */
    public static final String ACTIVATIONS_BY_NAME = "activations-by-name";
    /** subjects: {@code [uuid]} for each namespace of a subject (authentication). */
    public static final String IDENTITIES_BY_UUID = "identities-by-uuid";
    /** subjects: {@code [namespace]} for each namespace of a subject. */
    public static final String IDENTITIES_BY_NAMESPACE = "identities-by-namespace";

    public static final List<ViewDefinition> WHISKS = List.of(new ViewDefinition(ENTITIES, WhiskViews::entityKeys,
            "function (doc) { if (doc.entityType && doc.namespace) { var root = doc.namespace.split('/')[0];"
                    + " emit([root, doc.entityType, doc.updated], null); } }"),
            new ViewDefinition(ALARMS, WhiskViews::alarmKeys,
                    "function (doc) { if (doc.alarmTrigger && doc.active === true && typeof doc.nextTick === 'number') {"
                            + " emit([doc.nextTick], null); } }"));

    public static final List<ViewDefinition> ACTIVATION_VIEWS = List.of(
            new ViewDefinition(ACTIVATIONS, WhiskViews::activationKeys,
                    "function (doc) { if (doc.activationId) { emit([doc.namespace, doc.start], null); } }"),
            new ViewDefinition(ACTIVATIONS_BY_NAME, WhiskViews::activationNameKeys,
                    "function (doc) { if (doc.activationId) { var path = doc.namespace + '/' + doc.name;"
                            + " (doc.annotations || []).forEach(function (a) { if (a.key === 'path') path = a.value; });"
                            + " emit([doc.namespace, path.substring(path.indexOf('/') + 1), doc.start], null); } }"));

    public static final List<ViewDefinition> SUBJECTS = List.of(
            new ViewDefinition(IDENTITIES_BY_UUID, doc -> namespaceKeys(doc, "uuid"),
                    "function (doc) { if (doc.subject && doc.namespaces && !doc.blocked) { doc.namespaces.forEach("
                            + "function (ns) { emit([ns.uuid], null); }); } }"),
            new ViewDefinition(IDENTITIES_BY_NAMESPACE, doc -> namespaceKeys(doc, "name"),
                    "function (doc) { if (doc.subject && doc.namespaces) { doc.namespaces.forEach("
                            + "function (ns) { emit([ns.name], null); }); } }"));

    private WhiskViews() {
    }

    private static List<List<Object>> entityKeys(ObjectNode doc) {
        if (!doc.hasNonNull("entityType") || !doc.hasNonNull("namespace")) {
            return List.of();
        }
        String root = doc.get("namespace").asText().split("/")[0];
        return List.of(List.of(root, doc.get("entityType").asText(), doc.path("updated").asLong()));
    }

    private static List<List<Object>> alarmKeys(ObjectNode doc) {
        if (!doc.hasNonNull("alarmTrigger") || !doc.path("active").isBoolean() || !doc.path("active").asBoolean()
                || !doc.path("nextTick").isNumber()) {
            return List.of();
        }
        return List.of(List.of(doc.get("nextTick").asLong()));
    }

    private static List<List<Object>> activationKeys(ObjectNode doc) {
        if (!doc.hasNonNull("activationId")) {
            return List.of();
        }
        return List.of(List.of(doc.path("namespace").asText(), doc.path("start").asLong()));
    }

    private static List<List<Object>> activationNameKeys(ObjectNode doc) {
        if (!doc.hasNonNull("activationId")) {
            return List.of();
        }
        String path = doc.path("namespace").asText() + "/" + doc.path("name").asText();
        for (JsonNode a : doc.path("annotations")) {
            if ("path".equals(a.path("key").asText())) {
                path = a.path("value").asText();
            }
        }
        return List.of(List.of(doc.path("namespace").asText(), path.substring(path.indexOf('/') + 1),
                doc.path("start").asLong()));
    }

    private static List<List<Object>> namespaceKeys(ObjectNode doc, String field) {
        if (!doc.hasNonNull("subject") || !doc.path("namespaces").isArray()) {
            return List.of();
        }
        if ("uuid".equals(field) && doc.path("blocked").asBoolean(false)) {
            return List.of();
        }
        List<List<Object>> keys = new ArrayList<>();
        doc.get("namespaces").forEach(ns -> keys.add(List.of(ns.path(field).asText())));
        return keys;
    }
}
