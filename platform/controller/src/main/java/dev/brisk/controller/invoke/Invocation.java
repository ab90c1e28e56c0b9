package dev.brisk.controller.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.ActivationResponse;

/** What an invoke came to, for the resource to answer: the activation's record in time, or only its id. */
public sealed interface Invocation {
    String activationId();

    /** Not waited for (non-blocking), or not finished within the wait: the caller gets the id. */
    record Accepted(String activationId) implements Invocation {
    }

    /** The activation's record and its outcome. */
    record Finished(String activationId, JsonNode record, ActivationResponse outcome) implements Invocation {
    }
}
