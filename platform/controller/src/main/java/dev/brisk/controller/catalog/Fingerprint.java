package dev.brisk.controller.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 digest of what an entity holds, in its API form (code, kind, parameters, limits, publish, annotations):
 * everything an operator can change by a PUT. Left out: what every write changes by itself ({@code version},
 * {@code updated}), what names it, and the catalog's own mark.
 */
final class Fingerprint {
    private static final List<String> BOOKKEEPING = List.of("namespace", "name", "version", "updated");

    private Fingerprint() {
    }

    static String of(JsonNode entity) {
        ObjectNode content = (ObjectNode) entity.deepCopy();
        content.remove(BOOKKEEPING);
        ArrayNode annotations = Json.array();
        for (JsonNode kv : entity.path("annotations")) {
            if (!CatalogMark.KEY.equals(kv.path("key").asText())) {
                annotations.add(kv);
            }
        }
        content.set("annotations", annotations);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Json.bytes(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
