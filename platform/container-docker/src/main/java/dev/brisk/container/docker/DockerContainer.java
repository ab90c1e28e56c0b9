package dev.brisk.container.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
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

    private RuntimeResponse post(String path, ObjectNode body, Duration timeout) {
        if (destroyed) {
            return ProxyCalls.notMade().response();
        }
        // a connection cut by the OOM killer is OpenWhisk's MemoryExhausted, not an abnormal exit
        return calls.post(base.resolve(path), body, timeout, Map.of(), () -> factory.oomKilled(dockerId)).response();
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
