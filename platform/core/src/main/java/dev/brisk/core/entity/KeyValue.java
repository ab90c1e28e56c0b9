package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of OpenWhisk's parameters and annotations arrays: {@code {key, value[, init]}}. */
public record KeyValue(String key, JsonNode value, Boolean init) {
    public KeyValue(String key, JsonNode value) {
        this(key, value, null);
    }

    public boolean isInit() {
        return Boolean.TRUE.equals(init);
    }
}
