package dev.brisk.core.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.WhiskActivation;

import java.util.List;

/**
 * Invoker to controller: a blocking activation's result, sent as soon as the action answered and before its logs are
 * collected (OpenWhisk's ResultMessage). The controller answers the waiting caller with it; what the activation holds
 * of the invoker is given back only by the {@link CompletionMessage} that follows.
 *
 * @param response the activation record in its stored form ({@link WhiskActivation#toDocument}) with empty
 *                 {@code logs}: the stored record has them
 */
public record ResultMessage(String transid, String activationId, JsonNode response) implements Acknowledgement {

    /** The message reporting {@code activation}'s result; its logs, if it has any yet, are left out. */
    public static ResultMessage of(String transid, WhiskActivation activation) {
        return new ResultMessage(transid, activation.activationId(), activation.withLogs(List.of()).toDocument());
    }

    @Override
    public WhiskActivation activationRecord() {
        return WhiskActivation.fromDocument(response);
    }
}
