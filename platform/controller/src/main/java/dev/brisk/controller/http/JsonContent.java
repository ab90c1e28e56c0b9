package dev.brisk.controller.http;

import dev.brisk.core.error.ApiException;
import jakarta.ws.rs.core.MediaType;

/**
 * Request bodies must be declared JSON, as OpenWhisk's unmarshallers require: 415 otherwise, with Pekko's text naming
 * the type it got (a body sent without a type is read as {@code application/octet-stream}).
 */
public final class JsonContent {
    private JsonContent() {
    }

    /** Pekko's rejection text for {@code type}. */
    public static String unsupported(String type) {
        return "The request's Content-Type [" + type + "] is not supported. Expected:\napplication/json";
    }

    /**
     * Refuses a body declared as anything but JSON, even an empty one (OpenWhisk answers a bodiless form-encoded
     * invoke or fire with 415), and a body sent without a type; an undeclared empty body is allowed.
     */
    public static void require(MediaType type, String body) {
        boolean json = type != null && "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        if (type != null && !json) {
            throw new ApiException(415, unsupported(type.toString()));
        }
        if (type == null && body != null && !body.isBlank()) {
            throw new ApiException(415, unsupported(MediaType.APPLICATION_OCTET_STREAM));
        }
    }
}
