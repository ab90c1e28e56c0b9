package dev.brisk.container.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.InlineLogs;
import dev.brisk.core.container.ProxyCalls;
import dev.brisk.core.container.RuntimeResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/** One action container run by the Docker engine, reached over HTTP at its address on the factory's network. */
public final class DockerContainer implements Container {
    private final String name;
    private final String dockerId;
    private final String address;
    private final URI base;
    private final DockerContainerFactory factory;
    private final ProxyCalls calls;
    private final DockerLogReader logs;
    private volatile boolean destroyed;
    private volatile boolean paused;

    DockerContainer(String name, String dockerId, String address, int port, DockerContainerFactory factory,
                    HttpClient http, DockerLogReader logs) {
        this.name = name;
        this.dockerId = dockerId;
        this.address = address;
        this.base = URI.create("http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port);
        this.factory = factory;
        this.calls = new ProxyCalls(http);
        this.logs = logs;
    }

    /** The container's name (unique, {@code <prefix><invoker>_<factory>-<n>_<action>}). */
    @Override
    public String id() {
        return name;
    }

    /** The engine's id of the container. */
    public String dockerId() {
        return dockerId;
    }

    /** The container's address on the factory's network. */
    public String address() {
        return address;
    }

    public boolean paused() {
        return paused;
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
     * {@code /run} with the inline-logs extension (Brisk's runtime images run the same proxies as the process
     * containers): this activation's own lines come with the answer; the engine's log, which mixes them with the
     * siblings', is not read for it.
     */
    @Override
    public ConcurrentRun runConcurrently(ObjectNode body, Duration timeout, long limitBytes) {
        ProxyCalls.Answer answer = call("/run", body, timeout, Map.of(InlineLogs.HEADER, InlineLogs.INLINE));
        RuntimeResponse response = answer.response();
        boolean inline = answer.answered() && !response.isTruncated()
                && answer.headers().firstValue(InlineLogs.HEADER).map(InlineLogs.INLINE::equalsIgnoreCase).orElse(false);
        var unwrapped = inline ? InlineLogs.unwrap(response.body()) : java.util.Optional.<InlineLogs.Unwrapped>empty();
        if (unwrapped.isEmpty()) {
            return new ConcurrentRun(response, java.util.Optional.empty());
        }
        return new ConcurrentRun(RuntimeResponse.of(response.status(), unwrapped.get().body(), response.start(),
                response.end()), java.util.Optional.of(InlineLogs.limit(unwrapped.get().lines(), limitBytes,
                unwrapped.get().truncated())));
    }

    private RuntimeResponse post(String path, ObjectNode body, Duration timeout) {
        return call(path, body, timeout, Map.of()).response();
    }

    private ProxyCalls.Answer call(String path, ObjectNode body, Duration timeout, Map<String, String> headers) {
        if (destroyed) {
            return ProxyCalls.notMade();
        }
        // a connection cut by the OOM killer is OpenWhisk's MemoryExhausted, not an abnormal exit
        return calls.post(base.resolve(path), body, timeout, headers, () -> factory.oomKilled(dockerId));
    }

    @Override
    public ActivationLogs logs(long limitBytes, boolean waitForSentinel) {
        return logs.take(limitBytes, waitForSentinel);
    }

    /** {@code docker pause}: the cgroup freezer stops every process of the container until {@link #resume()}. */
    @Override
    public void suspend() {
        if (!destroyed && !paused) {
            factory.pause(this);
            paused = true;
        }
    }

    /** {@code docker unpause}; throws {@code ContainerException} when the engine refuses (the container is lost). */
    @Override
    public void resume() {
        if (!destroyed && paused) {
            factory.unpause(this);
            paused = false;
        }
    }

    /** {@code docker rm -f}. */
    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        factory.remove(this);
    }

    boolean destroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "DockerContainer[" + name + ", " + dockerId.substring(0, Math.min(12, dockerId.length())) + ", "
                + address + "]";
    }

    /** Whether something accepts TCP connections on the proxy's port (the container is ready for /init). */
    boolean accepts(int connectTimeoutMillis) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, base.getPort()), connectTimeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
