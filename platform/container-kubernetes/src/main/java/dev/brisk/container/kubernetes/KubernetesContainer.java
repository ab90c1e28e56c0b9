package dev.brisk.container.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.LogLine;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.BoundedBody;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An action pod, reached over HTTP at its pod IP. Suspend and resume are no-ops: Kubernetes cannot pause a pod
 * (OpenWhisk's Kubernetes factory does the same).
 */
public final class KubernetesContainer implements Container {
    private final String podName;
    private final URI base;
    private final HttpClient http;
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
        this.http = http;
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
        long start = System.currentTimeMillis();
        if (destroyed) {
            // deleting a pod is asynchronous (and graceful): its proxy may still answer for a moment, but a destroyed
            // container is gone for the invoker
            synchronized (this) {
                lastAnsweredInline = false;
            }
            return RuntimeResponse.failed(RuntimeResponse.Failure.NO_RESPONSE, start, System.currentTimeMillis());
        }
        Duration limit = timeout.isZero() || timeout.isNegative() ? Duration.ofMillis(1) : timeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(limit)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (askInlineLogs) {
            request.header(InlineLogs.HEADER, InlineLogs.INLINE);
        }
        CompletableFuture<HttpResponse<BoundedBody.Text>> call = http.sendAsync(request.build(), BoundedBody.handler());
        HttpResponse<BoundedBody.Text> response;
        try {
            // the request timeout covers the wait for the headers; this bounds reading the body as well
            response = call.get(limit.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            synchronized (this) {
                lastAnsweredInline = false;
            }
            var failure = e.getCause() instanceof HttpTimeoutException
                    ? RuntimeResponse.Failure.TIMEOUT : RuntimeResponse.Failure.NO_RESPONSE;
            return RuntimeResponse.failed(failure, start, System.currentTimeMillis());
        } catch (TimeoutException e) {
            call.cancel(true);
            synchronized (this) {
                lastAnsweredInline = false;
            }
            return RuntimeResponse.failed(RuntimeResponse.Failure.TIMEOUT, start, System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return RuntimeResponse.failed(RuntimeResponse.Failure.NO_RESPONSE, start, System.currentTimeMillis());
        }
        long end = System.currentTimeMillis();
        RuntimeResponse answer = response.body().response(response.statusCode(), start, end);
        if (answer.isTruncated()) { // too large to unwrap: a result-too-large error, its logs from the pod log
            synchronized (this) {
                lastAnsweredInline = false;
            }
            return answer;
        }
        String text = answer.body();
        boolean inline = askInlineLogs && response.headers().firstValue(InlineLogs.HEADER)
                .map(InlineLogs.INLINE::equalsIgnoreCase).orElse(false);
        if (inline) {
            var unwrapped = InlineLogs.unwrap(text);
            if (unwrapped.isPresent()) {
                synchronized (this) {
                    pending.addAll(unwrapped.get().lines());
                    pendingTruncated |= unwrapped.get().truncated();
                    lastAnsweredInline = true;
                    lastInlineAt = Instant.now();
                }
                return RuntimeResponse.of(response.statusCode(), unwrapped.get().body(), start, end);
            }
        }
        synchronized (this) {
            lastAnsweredInline = false;
        }
        return RuntimeResponse.of(response.statusCode(), text, start, end);
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
