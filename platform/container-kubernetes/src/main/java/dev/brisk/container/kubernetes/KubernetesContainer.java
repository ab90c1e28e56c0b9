package dev.brisk.container.kubernetes;

import dev.brisk.core.container.InlineLogs;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.LogLine;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ProxyCalls;
import dev.brisk.core.container.RuntimeResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An action pod, reached over HTTP at its pod IP. Suspend and resume are no-ops: Kubernetes cannot pause a pod
 * (OpenWhisk's Kubernetes factory does the same).
 */
public final class KubernetesContainer implements Container {
    private final String podName;
    private final URI base;
    private final ProxyCalls calls;
    private final boolean askInlineLogs;
    private final PodLogReader podLogs;
    private final Consumer<KubernetesContainer> onDestroy;
    /** Lines returned inline since the last {@link #logs} call, and whether the proxy cut them. */
    private final List<String> pending = new ArrayList<>();
    private boolean pendingTruncated;
    /** Whether the last call was answered with inline logs; if not, the API server is read. */
    private boolean lastAnsweredInline;
    private Instant lastInlineAt;
    private volatile boolean destroyed;

    KubernetesContainer(String podName, String podIp, int port, HttpClient http, boolean askInlineLogs,
                        PodLogReader podLogs, Consumer<KubernetesContainer> onDestroy) {
        this.podName = podName;
        this.base = URI.create("http://" + (podIp.contains(":") ? "[" + podIp + "]" : podIp) + ":" + port);
        this.calls = new ProxyCalls(http);
        this.askInlineLogs = askInlineLogs;
        this.podLogs = podLogs;
        this.onDestroy = onDestroy;
    }

    /** The pod's name, which is the container's id. */
    @Override
    public String id() {
        return podName;
    }

    URI address() {
        return base;
    }

    @Override
    public RuntimeResponse init(ObjectNode body, Duration timeout) {
        return post("/init", body, timeout);
    }

    @Override
    public RuntimeResponse run(ObjectNode body, Duration timeout) {
        return post("/run", body, timeout);
    }

    private RuntimeResponse post(String path, ObjectNode body, Duration timeout) {
        if (destroyed) {
            // deleting a pod is asynchronous (and graceful): its proxy may still answer for a moment, but a destroyed
            // container is gone for the invoker
            synchronized (this) {
                lastAnsweredInline = false;
            }
            return ProxyCalls.notMade().response();
        }
        ProxyCalls.Answer answer = calls.post(base.resolve(path), body, timeout,
                askInlineLogs ? Map.of(InlineLogs.HEADER, InlineLogs.INLINE) : Map.of(), () -> false);
        RuntimeResponse response = answer.response();
        // no answer, or too large to unwrap (a result-too-large error): its logs come from the pod log
        boolean inline = answer.answered() && !response.isTruncated() && askInlineLogs
                && answer.headers().firstValue(InlineLogs.HEADER).map(InlineLogs.INLINE::equalsIgnoreCase).orElse(false);
        if (inline) {
            var unwrapped = InlineLogs.unwrap(response.body());
            if (unwrapped.isPresent()) {
                synchronized (this) {
                    pending.addAll(unwrapped.get().lines());
                    pendingTruncated |= unwrapped.get().truncated();
                    lastAnsweredInline = true;
                    lastInlineAt = Instant.now();
                }
                return RuntimeResponse.of(response.status(), unwrapped.get().body(), response.start(), response.end());
            }
        }
        synchronized (this) {
            lastAnsweredInline = false;
        }
        return response;
    }

    /**
     * The lines the proxy returned inline when it did; otherwise (an image without the extension, or a call that got
     * no answer) the pod log through the API server, after the last inline answer.
     */
    @Override
    public synchronized ActivationLogs logs(long limitBytes, boolean waitForSentinel) {
        List<String> lines = new ArrayList<>(pending);
        boolean truncated = pendingTruncated;
        pending.clear();
        pendingTruncated = false;
        if (!lastAnsweredInline && !destroyed) {
            try {
                lines.addAll(podLogs.read(waitForSentinel, lastInlineAt));
            } catch (RuntimeException e) {
                lines.add(LogLine.note("Logs could not be read from the API server: " + e.getMessage()));
            }
        }
        return InlineLogs.limit(lines, limitBytes, truncated);
    }

    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        onDestroy.accept(this);
    }

    boolean destroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "KubernetesContainer[" + podName + " at " + base + "]";
    }
}
