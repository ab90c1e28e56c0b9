package dev.brisk.runtimes.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.InlineLogs;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.json.Json;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** An action proxy running as a child process (possibly inside bubblewrap), reached over its Unix domain socket. */
public final class ProcessContainer implements Container {
    static final String V8_OUT_OF_MEMORY = "JavaScript heap out of memory";

    private final String id;
    private final ContainerLayout layout;
    private final Process process;
    private final LogCollector logs;
    private final HttpClient http;
    private final Transport transport;
    private final Consumer<ProcessContainer> onDestroy;
    private final Signals signals;
    private final ContainerCgroups.Group cgroup;
    private volatile boolean destroyed;

    /** @param cgroup the container's cgroups, or null where none could be made */
    ProcessContainer(String id, ContainerLayout layout, Process process, LogCollector logs, HttpClient http,
                     Consumer<ProcessContainer> onDestroy, Signals signals, ContainerCgroups.Group cgroup) {
        this.id = id;
        this.layout = layout;
        this.process = process;
        this.logs = logs;
        this.http = http;
        // the socket the invoker moved out of the action's reach, never a path the action can write
        this.transport = new Transport.TCPUnix(layout.controlSocket());
        this.onDestroy = onDestroy;
        this.signals = signals;
        this.cgroup = cgroup;
    }

    @Override
    public String id() {
        return id;
    }

    /** The child process (bubblewrap itself when sandboxed). */
    public Process process() {
        return process;
    }

    /** The container's directory on the host; the action sees only its run directory and its (tmpfs) home. */
    public Path directory() {
        return layout.dir();
    }

    /** {@code $HOME} and the working directory of the action. */
    public Path home() {
        return layout.home();
    }

    @Override
    public RuntimeResponse init(ObjectNode body, Duration timeout) {
        return post("/init", body, timeout);
    }

    @Override
    public RuntimeResponse run(ObjectNode body, Duration timeout) {
        return post("/run", body, timeout);
    }

    /**
     * {@code /run} with the inline-logs extension: the proxy collects what this request's code writes (the Node.js
     * proxy keeps concurrent requests apart by their asynchronous context) and returns it with the answer. The same
     * lines reach the output stream mixed with the siblings'; they are dropped there.
     */
    @Override
    public ConcurrentRun runConcurrently(ObjectNode body, Duration timeout, long limitBytes) {
        String[] inline = new String[1];
        RuntimeResponse response = post("/run", body, timeout, inline);
        if (inline[0] == null || response.failure() != null || response.isTruncated()) {
            return new ConcurrentRun(response, java.util.Optional.empty());
        }
        var unwrapped = InlineLogs.unwrap(response.body());
        if (unwrapped.isEmpty()) {
            return new ConcurrentRun(response, java.util.Optional.empty());
        }
        logs.discard();
        return new ConcurrentRun(RuntimeResponse.of(response.status(), unwrapped.get().body(), response.start(),
                response.end()), java.util.Optional.of(InlineLogs.limit(unwrapped.get().lines(), limitBytes,
                unwrapped.get().truncated())));
    }

    private RuntimeResponse post(String path, ObjectNode body, Duration timeout) {
        return post(path, body, timeout, null);
    }

    /** @param inline when not null, the request asks for inline logs and [0] is set when the answer has them */
    private RuntimeResponse post(String path, ObjectNode body, Duration timeout, String[] inline) {
        long start = System.currentTimeMillis();
        long millis = Math.max(1, timeout.toMillis());
        BoundedContent content = new BoundedContent(RuntimeResponse.KEPT_BYTES);
        CompletableFuture<Result> done = new CompletableFuture<>();
        Request request = http.newRequest("http://localhost" + path)
                .method(HttpMethod.POST)
                .transport(transport)
                .body(new StringRequestContent("application/json", Json.write(body), StandardCharsets.UTF_8))
                .timeout(millis, TimeUnit.MILLISECONDS)
                // an action may compute silently for its whole time limit: the idle timeout must not fire first
                .idleTimeout(millis + 1000, TimeUnit.MILLISECONDS)
                .onResponseContent(content);
        if (inline != null) {
            request.headers(h -> h.put(InlineLogs.HEADER, InlineLogs.INLINE));
        }
        request.send(done::complete);
        try {
            Result result = done.get(millis + 5000, TimeUnit.MILLISECONDS);
            if (result.isFailed()) {
                var failure = result.getFailure() instanceof TimeoutException ? RuntimeResponse.Failure.TIMEOUT
                        : outOfMemory() ? RuntimeResponse.Failure.MEMORY_EXHAUSTED : RuntimeResponse.Failure.NO_RESPONSE;
                return RuntimeResponse.failed(failure, start, System.currentTimeMillis());
            }
            String answered = result.getResponse().getHeaders().get(InlineLogs.HEADER);
            if (inline != null && InlineLogs.INLINE.equalsIgnoreCase(answered)) {
                inline[0] = answered;
            }
            return content.response(result.getResponse().getStatus(), start, System.currentTimeMillis());
        } catch (ExecutionException e) {
            return RuntimeResponse.failed(RuntimeResponse.Failure.NO_RESPONSE, start, System.currentTimeMillis());
        } catch (TimeoutException e) {
            request.abort(e);
            return RuntimeResponse.failed(RuntimeResponse.Failure.TIMEOUT, start, System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            return RuntimeResponse.failed(RuntimeResponse.Failure.NO_RESPONSE, start, System.currentTimeMillis());
        }
    }

    /**
     * Whether the proxy died of its memory limit: the kernel's OOM killer struck in its memory cgroup (the
     * process-container counterpart of Docker's OOM kill), or V8 aborted past {@code --max-old-space-size}.
     */
    private boolean outOfMemory() {
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return (cgroup != null && cgroup.oomKilled()) || logs.stderrContains(V8_OUT_OF_MEMORY, Duration.ofMillis(500));
    }

    @Override
    public ActivationLogs logs(long limitBytes, boolean waitForSentinel) {
        return logs.take(limitBytes, waitForSentinel);
    }

    /**
     * The process-level equivalent of {@code docker pause}: the cgroup freezer where there is one (nothing the action
     * forks meanwhile escapes it), else SIGSTOP/SIGCONT to the whole tree.
     */
    @Override
    public void suspend() {
        if (!destroyed && process.isAlive() && (cgroup == null || !cgroup.freeze(true))) {
            signal("STOP");
        }
    }

    @Override
    public void resume() {
        if (!destroyed && process.isAlive() && (cgroup == null || !cgroup.freeze(false))) {
            signal("CONT");
        }
    }

    private void signal(String signal) {
        signals.send(signal, Signals.tree(process.toHandle()));
    }

    /**
     * What the container holds: its memory cgroup's charge (processes and the files in its tmpfs) where it has one,
     * else RssAnon + RssShmem of the process tree, from /proc.
     */
    @Override
    public java.util.OptionalInt privateMemoryMb() {
        if (destroyed || !process.isAlive()) {
            return java.util.OptionalInt.empty();
        }
        java.util.OptionalLong charged = cgroup == null ? java.util.OptionalLong.empty() : cgroup.memoryBytes();
        if (charged.isPresent()) {
            return java.util.OptionalInt.of((int) Math.max(1, (charged.getAsLong() + (1 << 20) - 1) >> 20));
        }
        long kb = 0;
        for (long pid : Signals.tree(process.toHandle())) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("RssAnon:") || line.startsWith("RssShmem:")) {
                        kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (pid == process.pid()) {
                    return java.util.OptionalInt.empty(); // no /proc: the invoker budgets the nominal limit
                }
            }
        }
        return java.util.OptionalInt.of((int) Math.max(1, (kb + 1023) / 1024));
    }

    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        if (cgroup != null) {
            cgroup.freeze(false); // a v1 freezer holds SIGKILL back from frozen tasks
        }
        // Descendants first: once the parent is gone they would be reparented and harder to find.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(layout.dir());
        onDestroy.accept(this);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: cleanup() of a later run removes what is left
        }
    }

    @Override
    public String toString() {
        return "ProcessContainer[" + id + ", pid " + process.pid() + "]";
    }
}
