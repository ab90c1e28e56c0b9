package dev.brisk.core.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;

/**
 * What an invoker reports on {@code completed<controller>} about one activation (OpenWhisk's AcknowledgementMessage):
 * for a blocking activation first its {@link ResultMessage}, as soon as the action answered, then for every
 * activation its {@link CompletionMessage}, once the logs are collected.
 */
public sealed interface Acknowledgement permits ResultMessage, CompletionMessage {

    String activationId();

    /** The activation record the message carries (without logs in a result). */
    WhiskActivation activationRecord();

    /**
     * Reads one message of {@code completed<N>}: a completion names the invoker that ran it, a result does not (the
     * shape tells them apart, as OpenWhisk's AcknowledgementMessage.parse does).
     */
    static Acknowledgement parse(byte[] raw) {
        JsonNode node = Json.parse(raw);
        if (!node.isObject()) {
            throw new IllegalArgumentException("an acknowledgement is a JSON object");
        }
        return node.has("invoker") ? Json.convert(node, CompletionMessage.class)
                : Json.convert(node, ResultMessage.class);
    }
}
