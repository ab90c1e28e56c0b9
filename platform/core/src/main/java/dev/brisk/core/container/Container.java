package dev.brisk.core.container;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/** One running action container. Calls are made by one activation at a time (concurrency 1). */
public interface Container {

    String id();

    /** {@code POST /init} with {@code {"value": ...}}; a timeout or a lost connection is reported in the response. */
    RuntimeResponse init(ObjectNode body, Duration timeout);

    /** {@code POST /run}; as for {@link #init}. */
    RuntimeResponse run(ObjectNode body, Duration timeout);

    /**
     * The log lines written since the last call, in OpenWhisk's format ({@code <ISO time> stdout: msg}), read up to
     * the sentinel the proxy writes after each activation when {@code waitForSentinel}, capped at {@code limitBytes}.
     */
    ActivationLogs logs(long limitBytes, boolean waitForSentinel);

    /** Freezes an idle container (docker pause); a no-op where the factory cannot. */
    default void suspend() {
    }

    default void resume() {
    }

    /** Stops the container and frees everything it holds. */
    void destroy();
}
