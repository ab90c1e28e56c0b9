package dev.brisk.controller.limits;

/** What the concurrency throttle needs of whatever dispatches activations: how many of a namespace are running. */
public interface ActivationsInFlight {
    /** Activations of {@code namespace} started and not yet completed. */
    int activeActivations(String namespace);
}
