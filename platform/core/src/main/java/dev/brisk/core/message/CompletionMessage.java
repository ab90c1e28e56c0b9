package dev.brisk.core.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.WhiskActivation;

/**
 * Invoker to controller: the activation finished (OpenWhisk's combined completion-and-result ack).
 *
 * @param activation    the activation record in its stored form ({@link WhiskActivation#toDocument}), so its response
 *                      keeps the numeric {@code statusCode} and a blocking caller is answered without a store read
 * @param isSystemError whether the failure was the platform's, which counts against the invoker's health
 */
public record CompletionMessage(String transid, String activationId, JsonNode activation, boolean isSystemError,
                                int invoker) {

    /** The message reporting {@code activation}. */
    public static CompletionMessage of(String transid, WhiskActivation activation, boolean isSystemError, int invoker) {
        return new CompletionMessage(transid, activation.activationId(), activation.toDocument(), isSystemError,
                invoker);
    }

    /** The activation record the message carries. */
    public WhiskActivation activationRecord() {
        return WhiskActivation.fromDocument(activation);
    }
}
