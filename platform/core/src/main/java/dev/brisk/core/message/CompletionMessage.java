package dev.brisk.core.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.WhiskActivation;

/**
 * Invoker to controller: the activation finished and its logs are collected (OpenWhisk's CompletionMessage). It gives
 * back what the activation held of the invoker; a blocking caller was answered by the {@link ResultMessage} before it,
 * or is answered by this one when it arrives first.
 *
 * @param activation    the activation record in its stored form ({@link WhiskActivation#toDocument}), logs included,
 *                      so its response keeps the numeric {@code statusCode} and GET serves it until it is stored
 * @param isSystemError whether the failure was the platform's, which counts against the invoker's health
 */
public record CompletionMessage(String transid, String activationId, JsonNode activation, boolean isSystemError,
                                int invoker) implements Acknowledgement {

    /** The message reporting {@code activation}. */
    public static CompletionMessage of(String transid, WhiskActivation activation, boolean isSystemError, int invoker) {
        return new CompletionMessage(transid, activation.activationId(), activation.toDocument(), isSystemError,
                invoker);
    }

    /** The activation record the message carries. */
    @Override
    public WhiskActivation activationRecord() {
        return WhiskActivation.fromDocument(activation);
    }
}
