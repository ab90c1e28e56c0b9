package dev.brisk.controller.http;

import dev.brisk.core.error.ApiException;
import jakarta.ws.rs.core.MediaType;

/** Request bodies must be declared JSON, as OpenWhisk's unmarshallers require (415 otherwise). */
public final class JsonContent {
    public static final String UNSUPPORTED = "The request's Content-Type is not supported. Expected:\napplication/json";

    private JsonContent() {
    }

    /**
     * Refuses a body declared as anything but JSON; an undeclared empty body is allowed. With {@code optional}
     * (invoke, whose body OpenWhisk reads as {@code Option[JsObject]}) an empty body passes whatever its type.
     */
    public static void require(MediaType type, String body, boolean optional) {
        if (optional && (body == null || body.isEmpty())) {
            return;
        }
        boolean json = type != null && "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        if (type != null ? !json : body != null && !body.isBlank()) {
            throw new ApiException(415, UNSUPPORTED);
        }
    }
}
