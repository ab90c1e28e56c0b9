package dev.brisk.core.message;

import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The two messages of completed<N> cross the bus and are told apart by their shape. */
class AcknowledgementTest {
    private static final WhiskActivation RECORD = new WhiskActivation("alice", "hello", "alice",
            "0123456789abcdef0123456789abcdef", 1000, 1250, null,
            ActivationResponse.applicationError(Json.object().put("error", "no")), List.of("l1", "l2"),
            new SemVer(0, 0, 2), false,
            Parameters.EMPTY.with("path", Json.MAPPER.getNodeFactory().textNode("alice/hello")));

    @Test
    void aResultCarriesTheRecordWithoutItsLogs() {
        Acknowledgement read = Acknowledgement.parse(Json.bytes(ResultMessage.of("tid", RECORD)));
        ResultMessage result = assertInstanceOf(ResultMessage.class, read);
        assertEquals(RECORD.activationId(), result.activationId());
        assertEquals(RECORD.withLogs(List.of()), result.activationRecord());
        assertEquals(ActivationResponse.APPLICATION_ERROR, result.activationRecord().response().statusCode());
        List<String> fields = new java.util.ArrayList<>();
        Json.parse(Json.bytes(result)).fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("transid", "activationId", "response"), fields);
    }

    @Test
    void aCompletionCarriesTheWholeRecord() {
        Acknowledgement read = Acknowledgement.parse(Json.bytes(CompletionMessage.of("tid", RECORD, true, 2)));
        CompletionMessage completion = assertInstanceOf(CompletionMessage.class, read);
        assertEquals(RECORD, completion.activationRecord());
        assertEquals(2, completion.invoker());
        assertEquals(true, completion.isSystemError());
    }

    @Test
    void anythingButAnObjectIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Acknowledgement.parse("[1]".getBytes(StandardCharsets.UTF_8)));
    }
}
