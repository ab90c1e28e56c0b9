package dev.brisk.controller.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

import java.util.Optional;

/**
 * The annotation {@code brisk-catalog} that every entity the catalog writes carries: the catalog version that wrote
 * it and the {@link Fingerprint} of what it held once written. A null fingerprint marks a write that is not finished
 * (the fingerprint is only known once the store has written the entity, so it is added by a second write).
 */
record CatalogMark(String version, String fingerprint) {
    static final String KEY = "brisk-catalog";

    /** The mark among an entity's annotations; empty when the entity has none (the catalog did not make it). */
    static Optional<CatalogMark> in(JsonNode annotations) {
        for (JsonNode kv : annotations) {
            if (KEY.equals(kv.path("key").asText())) {
                JsonNode value = kv.path("value");
                JsonNode fingerprint = value.path("fingerprint");
                return Optional.of(new CatalogMark(value.path("version").asText(),
                        fingerprint.isTextual() ? fingerprint.asText() : null));
            }
        }
        return Optional.empty();
    }

    boolean finished() {
        return fingerprint != null;
    }

    ObjectNode toAnnotation() {
        ObjectNode value = Json.object().put("version", version);
        if (fingerprint == null) {
            value.putNull("fingerprint");
        } else {
            value.put("fingerprint", fingerprint);
        }
        ObjectNode kv = Json.object().put("key", KEY);
        kv.set("value", value);
        return kv;
    }
}
