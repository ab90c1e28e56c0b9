package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ordered key/value list as OpenWhisk serializes parameters and annotations. Later entries with the same key
 * replace earlier ones, which is how merges (package, then action, then payload) are expressed.
 */
public record Parameters(List<KeyValue> entries) {
    public static final Parameters EMPTY = new Parameters(List.of());

    public Parameters {
        entries = List.copyOf(entries);
    }

    /** Reads {@code [{key, value}]}; throws {@link Json.MalformedJsonException} on any other shape. */
    public static Parameters fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return EMPTY;
        }
        if (!node.isArray()) {
            throw new Json.MalformedJsonException("Expected List as JsArray, but got " + kind(node));
        }
        Map<String, KeyValue> byKey = new LinkedHashMap<>();
        for (JsonNode item : node) {
            if (!item.isObject() || !item.path("key").isTextual()) {
                throw new Json.MalformedJsonException("Object expected in field 'key'");
            }
            JsonNode value = item.has("value") ? item.get("value") : Json.MAPPER.nullNode();
            JsonNode init = item.get("init");
            if (init != null && !init.isBoolean()) {
                throw new Json.MalformedJsonException("Expected Boolean as JsBoolean in field 'init'");
            }
            String key = item.get("key").asText();
            byKey.put(key, new KeyValue(key, value, init != null && init.asBoolean() ? Boolean.TRUE : null));
        }
        return new Parameters(new ArrayList<>(byKey.values()));
    }

    private static String kind(JsonNode node) {
        return node.isObject() ? "JsObject" : node.isTextual() ? "JsString" : node.isNumber() ? "JsNumber" : node.getNodeType().name();
    }

    public ArrayNode toJson() {
        ArrayNode array = Json.array();
        for (KeyValue kv : entries) {
            ObjectNode o = array.addObject();
            o.put("key", kv.key());
            o.set("value", kv.value());
            if (kv.isInit()) {
                o.put("init", true);
            }
        }
        return array;
    }

    /** The entries as a JSON object, as the action receives them. */
    public ObjectNode toObject() {
        ObjectNode o = Json.object();
        entries.forEach(kv -> o.set(kv.key(), kv.value()));
        return o;
    }

    /** This list with {@code other}'s entries added, replacing entries of the same key. */
    public Parameters merge(Parameters other) {
        Map<String, KeyValue> byKey = new LinkedHashMap<>();
        entries.forEach(kv -> byKey.put(kv.key(), kv));
        other.entries.forEach(kv -> byKey.put(kv.key(), kv));
        return new Parameters(new ArrayList<>(byKey.values()));
    }

    public Parameters with(String key, JsonNode value) {
        return merge(new Parameters(List.of(new KeyValue(key, value))));
    }

    public Parameters withIfAbsent(String key, JsonNode value) {
        return get(key).isPresent() ? this : with(key, value);
    }

    public Parameters without(String key) {
        return new Parameters(entries.stream().filter(kv -> !kv.key().equals(key)).toList());
    }

    public Optional<JsonNode> get(String key) {
        return entries.stream().filter(kv -> kv.key().equals(key)).map(KeyValue::value).findFirst();
    }

    public boolean isTrue(String key) {
        return get(key).map(v -> v.isBoolean() && v.asBoolean()).orElse(false);
    }

    public int size() {
        return Json.write(toJson()).length();
    }
}
