package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;

/**
 * Per-action limits: timeout (ms), memory (MB), logs (MB), concurrency. Bounds are OpenWhisk's defaults
 * (application.conf whisk.time-limit/memory/log-limit/concurrency-limit) and come from {@link LimitBounds}.
 */
public record ActionLimits(int timeout, int memory, int logs, int concurrency) {

    public static ActionLimits defaults(LimitBounds bounds) {
        return new ActionLimits(bounds.timeoutStd(), bounds.memoryStd(), bounds.logsStd(), 1);
    }

    /** Reads {@code limits} of a PUT body over {@code base}; 400 "exceeds allowed threshold" as OpenWhisk 2.0. */
    public static ActionLimits fromJson(JsonNode node, ActionLimits base, LimitBounds bounds) {
        if (node == null || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("The request content was malformed:\n'limits' must be an object");
        }
        int timeout = intField(node, "timeout", base.timeout);
        int memory = intField(node, "memory", base.memory);
        int logs = intField(node, "logs", base.logs);
        int concurrency = intField(node, "concurrency", base.concurrency);
        check(timeout, bounds.timeoutMin(), bounds.timeoutMax(), "duration", "milliseconds");
        check(memory, bounds.memoryMin(), bounds.memoryMax(), "memory size", "MB");
        check(logs, bounds.logsMin(), bounds.logsMax(), "log size", "MB");
        check(concurrency, 1, bounds.concurrencyMax(), "concurrency", "");
        return new ActionLimits(timeout, memory, logs, concurrency);
    }

    private static int intField(JsonNode node, String field, int fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.badRequest("The request content was malformed:\nlimit '" + field + "' must be an integer");
        }
        return v.asInt();
    }

    private static void check(int value, int min, int max, String what, String unit) {
        String u = unit.isEmpty() ? "" : " " + unit;
        if (value > max) {
            throw ApiException.badRequest(what + " " + value + u + " exceeds allowed threshold of " + max + u);
        }
        if (value < min) {
            throw ApiException.badRequest(what + " " + value + u + " below allowed threshold of " + min + u);
        }
    }

    public static ActionLimits fromStored(JsonNode node) {
        return new ActionLimits(node.path("timeout").asInt(), node.path("memory").asInt(), node.path("logs").asInt(),
                node.path("concurrency").asInt(1));
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("timeout", timeout);
        o.put("memory", memory);
        o.put("logs", logs);
        o.put("concurrency", concurrency);
        return o;
    }
}
