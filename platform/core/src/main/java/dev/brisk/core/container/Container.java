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

    /**
     * The memory this container's processes hold privately now (anonymous and shared-memory pages, not the
     * interpreter's file pages every container shares), in MB, where the factory does not reserve the memory limit
     * (process containers); empty where it does (Docker, Kubernetes), and the invoker then budgets the limit.
     */
    default java.util.OptionalInt privateMemoryMb() {
        return java.util.OptionalInt.empty();
    }

    /** Stops the container and frees everything it holds. */
    void destroy();
}
