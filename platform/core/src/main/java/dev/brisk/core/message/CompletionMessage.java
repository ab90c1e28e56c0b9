package dev.brisk.core.message;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Invoker to controller: the activation finished (OpenWhisk's combined completion-and-result ack).
 *
 * @param activation    the activation record in API form, so a blocking caller is answered without a store read
 * @param isSystemError whether the failure was the platform's, which counts against the invoker's health
 */
public record CompletionMessage(String transid, String activationId, JsonNode activation, boolean isSystemError,
                                int invoker) {
}
