package dev.brisk.controller.invoke;

import dev.brisk.core.entity.WhiskActivation;

/** What an invoke came to, for the resource to answer: the activation's record in time, or only its id. */
public sealed interface Invocation {
    String activationId();

    /** Not waited for (non-blocking), or not finished within the wait: the caller gets the id. */
    record Accepted(String activationId) implements Invocation {
    }

    /** The activation's record, its outcome ({@code response().statusCode()}) included. */
    record Finished(WhiskActivation activation) implements Invocation {
        @Override
        public String activationId() {
            return activation.activationId();
        }
    }
}
