package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.invoke.Invocation;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.json.Json;
import jakarta.ws.rs.core.Response;

/** The HTTP answers to an invoke or a fire, as OpenWhisk gives them (PrimitiveActions, Triggers). */
public final class InvocationAnswers {
    private InvocationAnswers() {
    }

    /**
     * 202 with the id when not finished; else 200 on success, 502 for application and developer errors, 500 for
     * platform errors, with the record (or only its result when asked, or when the result is an array).
     */
    public static Response of(Invocation invocation, boolean resultOnly) {
        return switch (invocation) {
            case Invocation.Accepted accepted -> accepted(accepted.activationId());
            case Invocation.Finished finished -> {
                int status = switch (finished.activation().response().statusCode()) {
                    case ActivationResponse.SUCCESS -> 200;
                    case ActivationResponse.WHISK_ERROR -> 500;
                    default -> 502;
                };
                JsonNode record = finished.activation().toJson();
                JsonNode result = record.path("response").path("result");
                JsonNode body = resultOnly || result.isArray() ? result : record;
                yield Response.fromResponse(Responses.json(status, body))
                        .header(Responses.ACTIVATION_ID_HEADER, finished.activationId()).build();
            }
        };
    }

    public static Response accepted(String activationId) {
        return Response.fromResponse(Responses.json(202, Json.object().put("activationId", activationId)))
                .header(Responses.ACTIVATION_ID_HEADER, activationId).build();
    }
}
