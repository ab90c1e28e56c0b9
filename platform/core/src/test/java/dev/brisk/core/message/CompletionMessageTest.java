package dev.brisk.core.message;

import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A completion carries its activation as data: across the bus the record, status code included, is the same. */
class CompletionMessageTest {
    private static WhiskActivation activation(ActivationResponse response) {
        return new WhiskActivation("alice", "hello", "alice", "0123456789abcdef0123456789abcdef", 1000, 1250, null,
                response, List.of("line"), new SemVer(0, 0, 2), false,
                Parameters.EMPTY.with("path", Json.MAPPER.getNodeFactory().textNode("alice/hello")));
    }

    @Test
    void everyOutcomeCrossesTheBusWithItsStatusCode() {
        for (ActivationResponse response : List.of(ActivationResponse.success(Json.object().put("a", 1)),
                ActivationResponse.applicationError(Json.object().put("error", "no")),
                ActivationResponse.developerError("bad"), ActivationResponse.whiskError("lost"))) {
            CompletionMessage sent = CompletionMessage.of("tid", activation(response), false, 3);
            CompletionMessage received = Json.convert(Json.parse(Json.bytes(sent)), CompletionMessage.class);
            assertEquals(activation(response), received.activationRecord());
            assertEquals(response.statusCode(), received.activationRecord().response().statusCode());
            List<String> fields = new java.util.ArrayList<>();
            Json.parse(Json.bytes(sent)).fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("transid", "activationId", "activation", "isSystemError", "invoker"), fields);
            assertEquals(response.statusCode(), Json.parse(Json.bytes(sent)).path("activation").path("response")
                    .path("statusCode").asInt(-1));
        }
    }
}
