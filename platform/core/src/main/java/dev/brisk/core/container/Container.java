package dev.brisk.core.container;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * One running action container. Calls are made by one activation at a time, except {@link #runConcurrently}: an
 * action with a concurrency above 1 has several activations run in one container at once.
 */
public interface Container {

    String id();

    /** {@code POST /init} with {@code {"value": ...}}; a timeout or a lost connection is reported in the response. */
    RuntimeResponse init(ObjectNode body, Duration timeout);

    /** {@code POST /run}; as for {@link #init}. */
    RuntimeResponse run(ObjectNode body, Duration timeout);

    /**
     * {@code POST /run} of one of several activations running in this container at once: the answer and, where the
     * container can keep them apart ({@link InlineLogs}), this activation's own log lines, cut at
     * {@code limitBytes}. Empty logs where it cannot: its lines are then mixed with its siblings' in the container's
     * output, which {@link #logs} must not be asked to split.
     */
    default ConcurrentRun runConcurrently(ObjectNode body, Duration timeout, long limitBytes) {
        return new ConcurrentRun(run(body, timeout), java.util.Optional.empty());
    }

    /** The answer of {@link #runConcurrently} and the activation's own logs when the container kept them apart. */
    record ConcurrentRun(RuntimeResponse response, java.util.Optional<ActivationLogs> logs) {
    }

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
