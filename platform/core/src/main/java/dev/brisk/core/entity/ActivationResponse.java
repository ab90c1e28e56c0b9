package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

/**
 * The outcome of an activation (ActivationResponse.scala). The numeric {@code statusCode} is stored but removed
 * from API output, where only {@code status}, {@code success} and {@code result} appear.
 */
public record ActivationResponse(int statusCode, JsonNode result) {
    public static final int SUCCESS = 0;
    public static final int APPLICATION_ERROR = 1;
    public static final int DEVELOPER_ERROR = 2;
    public static final int WHISK_ERROR = 3;

    public static ActivationResponse success(JsonNode result) {
        return new ActivationResponse(SUCCESS, result);
    }

    public static ActivationResponse applicationError(JsonNode result) {
        return new ActivationResponse(APPLICATION_ERROR, result);
    }

    public static ActivationResponse developerError(String message) {
        return new ActivationResponse(DEVELOPER_ERROR, Json.object().put("error", message));
    }

    public static ActivationResponse whiskError(String message) {
        return new ActivationResponse(WHISK_ERROR, Json.object().put("error", message));
    }

    public boolean isSuccess() {
        return statusCode == SUCCESS;
    }

    public String status() {
        return switch (statusCode) {
            case SUCCESS -> "success";
            case APPLICATION_ERROR -> "application error";
            case DEVELOPER_ERROR -> "action developer error";
            default -> "whisk internal error";
        };
    }

    public ObjectNode toJson(boolean withStatusCode) {
        ObjectNode o = Json.object();
        o.put("status", status());
        if (withStatusCode) {
            o.put("statusCode", statusCode);
        }
        o.put("success", isSuccess());
        if (result != null) {
            o.set("result", result);
        }
        return o;
    }

    public static ActivationResponse fromJson(JsonNode node) {
        return new ActivationResponse(node.path("statusCode").asInt(WHISK_ERROR), node.get("result"));
    }
}
