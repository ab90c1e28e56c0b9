package dev.brisk.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** JSON responses, serialized with the platform's one mapper. */
public final class Responses {
    /** The header OpenWhisk puts the activation id of an invoke in. */
    public static final String ACTIVATION_ID_HEADER = "x-openwhisk-activation-id";

    private Responses() {
    }

    public static Response json(int status, JsonNode body) {
        return Response.status(status).entity(Json.write(body)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    public static Response ok(JsonNode body) {
        return json(200, body);
    }

    public static Response error(int status, String message, String transid) {
        return json(status, Json.object().put("error", message).put("code", transid));
    }
}
