package dev.brisk.container.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.ImageUnavailableException;
import dev.brisk.core.entity.RuntimeKind;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs each action container as a Docker container, as OpenWhisk's invoker does: {@code docker run} of the runtime
 * image configured for the action's kind (Brisk's images from {@code ci/build-images}, or OpenWhisk's official
 * ones, which speak the same protocol), {@code /init} and {@code /run} over HTTP to the container's address,
 * {@code docker pause}/{@code unpause} while idle, {@code docker rm -f} at the end.
 *
 * <p>Each container gets {@code --memory} and {@code --memory-swap} equal to the action's memory limit (an action
 * allocating past it is OOM-killed: its {@code /run} ends with no response), a CPU share proportional to its memory,
 * {@code --pids-limit}, and the label {@code brisk.invoker=<id>} by which {@link #cleanup()} finds what an earlier
 * run of this invoker left behind. Every action is taken for an attacker's: {@code --cap-drop ALL} (plus only what
 * {@code cap-add} names), {@code --security-opt no-new-privileges}, the engine's default seccomp profile (the
 * factory never asks for another), {@code --shm-size} and for runtime images {@code --read-only} with size-bounded
 * tmpfs for {@code /tmp} and {@code $HOME} (the working directory), {@code --user 65534:65534}; no bind mount, no
 * engine socket, never the host's or the invoker's network namespace. Settings: {@link DockerSettings}.
 *
 * <p>The engine is reached with docker-java (the client Testcontainers uses) over its zero-dependency transport
 * ({@code unix://} socket or {@code tcp://}), at API version 1.41 by default (Debian's 20.10 engine).
 *
 * <p>Blackbox actions ({@code exec.kind: blackbox}) run their own image with the same capabilities, seccomp,
 * no-new-privileges, pids and memory bounds and a bounded {@code /tmp}, but as the image's own user and with a
 * writable root: an arbitrary image cannot be assumed to work otherwise.
 */
public final class DockerContainerFactory implements ContainerFactory {
    private static final System.Logger LOG = System.getLogger(DockerContainerFactory.class.getName());
    static final String INVOKER_LABEL = "brisk.invoker";
    static final String KIND_LABEL = "brisk.kind";
    static final String ACTION_LABEL = "brisk.action";

    private final DockerSettings settings;
    private final DockerClient docker;
    private final DockerHttpClient transport; // raw requests: the log stream (see DockerLogStream)
    private final HttpClient http;
    private final String token = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
    private final AtomicLong sequence = new AtomicLong();
    private final Set<DockerContainer> live = ConcurrentHashMap.newKeySet();
    private final Set<String> pulled = ConcurrentHashMap.newKeySet();

    public DockerContainerFactory(Map<String, String> settings) {
        this(DockerSettings.from(settings));
    }

    DockerContainerFactory(DockerSettings settings) {
        this.settings = settings;
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.dockerHost())
                .withApiVersion(settings.apiVersion())
                .build();
        this.transport = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofMinutes(10)) // pulls
                .build();
        this.docker = DockerClientImpl.getInstance(config, transport);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** The engine's client, e.g. for a readiness check ({@code docker().pingCmd().exec()}). */
    public DockerClient docker() {
        return docker;
    }

    public String invokerId() {
        return settings.invokerId();
    }

    /** How action containers are confined, for the invoker's start-up log; warns when the engine has no seccomp. */
    @Override
    public String describe() {
        String seccomp;
        try {
            List<String> options = docker.infoCmd().exec().getSecurityOptions();
            seccomp = options != null && options.stream().anyMatch(o -> o.contains("seccomp"))
                    ? "the engine's default seccomp profile"
                    : "WARNING: the engine reports no seccomp support, so actions run without a system-call filter";
        } catch (RuntimeException e) {
            seccomp = "the engine's default seccomp profile (engine not reachable to check: " + e.getMessage() + ")";
        }
        return "Docker containers on " + settings.dockerHost() + " (network " + settings.network() + "): --cap-drop ALL"
                + (settings.capAdd().isEmpty() ? "" : " --cap-add " + String.join(",", settings.capAdd()))
                + ", no-new-privileges, " + seccomp + ", --pids-limit "
                + (settings.pidsLimit() > 0 ? settings.pidsLimit() : "none")
                + "; runtime images " + (settings.readOnlyRoot() ? "--read-only" : "with a WRITABLE root")
                + " as " + (settings.user().isEmpty() ? "the image's user" : "--user " + settings.user())
                + ", tmpfs /tmp and " + settings.home() + " of " + (settings.tmpfsMb() > 0
                ? settings.tmpfsMb() + " MB" : "the action's memory") + " each";
    }

    /** The image a container of this kind runs. */
    public String image(RuntimeKind kind) {
        return settings.image(kind);
    }

    @Override
    public Container create(ContainerSpec spec) throws ContainerException {
        String image = spec.blackbox() ? spec.image() : settings.image(spec.kind());
        if (image == null || image.isBlank()) {
            throw new ContainerException("no image for kind " + spec.kind().kind()
                    + ": set the factory setting image." + spec.kind().kind());
        }
        String name = settings.namePrefix() + DockerSettings.clean(settings.invokerId(), "0") + "_" + token + "-"
                + sequence.incrementAndGet() + "_" + DockerSettings.clean(spec.name(), "action");
        long t0 = System.nanoTime();
        String id = null;
        try {
            id = createContainer(spec, image, name);
            long t1 = System.nanoTime();
            docker.startContainerCmd(id).exec();
            long t2 = System.nanoTime();
            String address = address(docker.inspectContainerCmd(id).exec(), name);
            String dockerId = id;
            DockerLogReader logs = new DockerLogReader(since -> readLog(dockerId, since), () -> running(dockerId),
                    settings.logWait(), settings.logPoll());
            DockerContainer container = new DockerContainer(name, id, address, settings.port(), this, http, logs);
            awaitReady(container, logs);
            long t3 = System.nanoTime();
            live.add(container);
            LOG.log(System.Logger.Level.DEBUG, () -> String.format(
                    "%s (%s) from %s at %s: create %d ms, start %d ms, ready %d ms", name, dockerId.substring(0, 12),
                    image, address, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000));
            return container;
        } catch (RuntimeException e) {
            if (id != null) {
                removeQuietly(id);
            }
            if (e instanceof ContainerException ce) {
                throw ce;
            }
            throw new ContainerException("cannot start a container from " + image + ": " + e.getMessage(), e);
        }
    }

    private String createContainer(ContainerSpec spec, String image, String name) {
        try {
            return createContainerCmd(spec, image, name);
        } catch (NotFoundException e) {
            if (!settings.pullMissing()) {
                throw new ImageUnavailableException(image, "image " + image + " is not on the engine and pull=never: " + (spec.blackbox()
                        ? "load it into the invoker's engine (docker load) or allow pulls (pull=missing)"
                        : "build it (ci/build-images) or set image." + spec.kind().family()), e);
            }
            pull(image);
            return createContainerCmd(spec, image, name);
        }
    }

    private String createContainerCmd(ContainerSpec spec, String image, String name) {
        // every action is an attacker's: no capability, no privilege to gain, the engine's default seccomp profile
        // (never unconfined), bounded processes, and for runtime images a read-only root whose only writable places
        // are size-bounded tmpfs charged to the container's memory; no engine socket or host path is ever mounted
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(settings.network())
                .withCpuShares(settings.cpuShares(spec.memoryMb()))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withShmSize(settings.tmpfsBytes(spec.memoryMb())); // /dev/shm: bounded like the other tmpfs
        if (!settings.capAdd().isEmpty()) {
            host.withCapAdd(settings.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new));
        }
        // exec: Docker's default noexec would break zip actions that bring native code (a virtualenv's .so files)
        String tmpfs = "rw,exec,nosuid,nodev,size=" + settings.tmpfsBytes(spec.memoryMb());
        Map<String, String> writable = new LinkedHashMap<>();
        writable.put("/tmp", tmpfs + ",mode=1777");
        if (!spec.blackbox()) {
            // a directory the image lacks would be root's 0755: give it to the user the proxy runs as
            writable.put(settings.home(), tmpfs + (settings.user().matches("\\d+:\\d+")
                    ? ",uid=" + settings.user().replace(":", ",gid=") + ",mode=0700" : ",mode=1777"));
            host.withReadonlyRootfs(settings.readOnlyRoot());
        }
        host.withTmpFs(writable);
        if (spec.memoryMb() > 0) {
            long bytes = spec.memoryMb() * 1024L * 1024L;
            host.withMemory(bytes).withMemorySwap(bytes); // no swap: past the limit the action is OOM-killed
        }
        if (settings.pidsLimit() > 0) {
            host.withPidsLimit(settings.pidsLimit());
        }
        if (!settings.dns().isEmpty()) {
            host.withDns(settings.dns());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(INVOKER_LABEL, settings.invokerId());
        labels.put(KIND_LABEL, spec.kind().kind());
        labels.put(ACTION_LABEL, spec.name() == null ? "" : spec.name());
        List<String> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(k + "=" + v));
        var create = docker.createContainerCmd(image)
                .withName(name)
                .withLabels(labels)
                .withHostConfig(host);
        if (!spec.blackbox()) {
            env.add("HOME=" + settings.home());
            create.withWorkingDir(settings.home());
            if (!settings.user().isEmpty()) {
                create.withUser(settings.user());
            }
        }
        CreateContainerResponse created = create.withEnv(env).exec();
        if (created.getWarnings() != null && created.getWarnings().length > 0) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", name, String.join("; ", created.getWarnings()));
        }
        return created.getId();
    }

    /** {@code docker pull}, once per image and factory; the engine needs a registry that serves it. */
    private synchronized void pull(String image) {
        if (pulled.contains(image)) {
            return;
        }
        String repository = image;
        String tag = null;
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (!image.contains("@") && colon > slash) {
            repository = image.substring(0, colon);
            tag = image.substring(colon + 1);
        } else if (!image.contains("@")) {
            tag = "latest";
        }
        LOG.log(System.Logger.Level.INFO, "pulling {0}", image);
        try {
            var command = docker.pullImageCmd(repository);
            if (tag != null) {
                command.withTag(tag);
            }
            if (!command.exec(new PullImageResultCallback())
                    .awaitCompletion(settings.pullTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerException("pulling " + image + " took longer than "
                        + settings.pullTimeout().toMillis() + " ms");
            }
            pulled.add(image);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException("interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            if (e instanceof ContainerException ce) {
                throw ce;
            }
            throw new ImageUnavailableException(image, "image " + image + " is not on the engine and pulling it failed ("
                    + e.getMessage() + "): build it (ci/build-images) or set the factory setting image.<kind>", e);
        }
    }

    /** The container's address on the factory's network (the first network it joined, if named otherwise). */
    private String address(InspectContainerResponse inspect, String name) {
        Map<String, ContainerNetwork> networks = inspect.getNetworkSettings() == null ? null
                : inspect.getNetworkSettings().getNetworks();
        ContainerNetwork network = networks == null ? null : Optional.ofNullable(networks.get(settings.network()))
                .orElseGet(() -> networks.values().stream().findFirst().orElse(null));
        String ip = network == null ? null : network.getIpAddress();
        if (ip == null || ip.isBlank()) {
            throw new ContainerException(name + " has no address on network " + settings.network());
        }
        return ip;
    }

    /** Polls until the proxy accepts on its port; fails fast when the container stops (a crashing proxy). */
    private void awaitReady(DockerContainer container, DockerLogReader logs) {
        long startNanos = System.nanoTime();
        long deadline = startNanos + settings.readyTimeout().toNanos();
        long nextCheck = startNanos + 200_000_000L;
        while (System.nanoTime() < deadline) {
            if (container.accepts(250)) {
                return;
            }
            if (System.nanoTime() > nextCheck) {
                nextCheck = System.nanoTime() + 200_000_000L;
                InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(container.dockerId())
                        .exec().getState();
                if (state != null && !Boolean.TRUE.equals(state.getRunning())) {
                    throw new ContainerException("the action proxy in " + container.id() + " exited with "
                            + state.getExitCodeLong() + (Boolean.TRUE.equals(state.getOOMKilled()) ? " (OOM-killed)" : "")
                            + " at start:\n" + logs.tail(20));
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerException("interrupted while waiting for " + container.id(), e);
            }
        }
        throw new ContainerException("the action proxy in " + container.id() + " did not accept on port "
                + settings.port() + " within " + settings.readyTimeout().toMillis() + " ms:\n" + logs.tail(20));
    }

    /** {@code docker logs --timestamps --since <second>} of both streams, as whole frames. */
    private List<DockerLogReader.Frame> readLog(String id, long sinceEpochSecond) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + id + "/logs?stdout=1&stderr=1&timestamps=1"
                        + (sinceEpochSecond > 0 ? "&since=" + sinceEpochSecond : ""))
                .build();
        try (DockerHttpClient.Response response = transport.execute(request)) {
            if (response.getStatusCode() != 200) {
                throw new ContainerException("docker logs " + id + " answered " + response.getStatusCode());
            }
            return DockerLogStream.frames(response.getBody());
        } catch (IOException e) {
            throw new ContainerException("docker logs " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the kernel's OOM killer struck in the container (the engine's {@code State.OOMKilled}). Asked when
     * {@code /run} lost its connection: the engine may still show the container running for a moment, so this waits
     * (up to 5 s) until it has stopped; once stopped the flag is final.
     */
    boolean oomKilled(String id) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            while (true) {
                var state = docker.inspectContainerCmd(id).exec().getState();
                if (state == null) {
                    return false;
                }
                if (Boolean.TRUE.equals(state.getOOMKilled())) {
                    return true;
                }
                if (!Boolean.TRUE.equals(state.getRunning()) || System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
        } catch (DockerException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean running(String id) {
        try {
            var state = docker.inspectContainerCmd(id).exec().getState();
            return state != null && Boolean.TRUE.equals(state.getRunning());
        } catch (DockerException e) {
            return false;
        }
    }

    void pause(DockerContainer container) {
        try {
            docker.pauseContainerCmd(container.dockerId()).exec();
        } catch (DockerException e) {
            // best effort: the container still works unfrozen
            LOG.log(System.Logger.Level.WARNING, "docker pause " + container.id() + " failed: " + e.getMessage());
        }
    }

    void unpause(DockerContainer container) {
        try {
            docker.unpauseContainerCmd(container.dockerId()).exec();
        } catch (ConflictException e) {
            // not paused (e.g. its pause failed): usable as it is
        } catch (DockerException e) {
            throw new ContainerException("docker unpause " + container.id() + " failed: " + e.getMessage(), e);
        }
    }

    void remove(DockerContainer container) {
        live.remove(container);
        removeQuietly(container.dockerId());
    }

    private void removeQuietly(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (ConflictException e) {
            // removal already in progress
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "docker rm -f " + id + " failed: " + e.getMessage());
        }
    }

    /** The ids of the engine's containers (running or not) labelled with this invoker's id. */
    public List<String> labelled() {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(INVOKER_LABEL, settings.invokerId())).exec()
                .stream().map(com.github.dockerjava.api.model.Container::getId).toList();
    }

    /** Removes the containers labelled with this invoker's id that this factory did not start. */
    @Override
    public void cleanup() {
        Set<String> mine = new java.util.HashSet<>();
        live.forEach(c -> mine.add(c.dockerId()));
        try {
            List<String> leftovers = labelled().stream().filter(id -> !mine.contains(id)).toList();
            leftovers.forEach(this::removeQuietly);
            if (!leftovers.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "removed {0} leftover container(s) of invoker {1}",
                        leftovers.size(), settings.invokerId());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cleanup of invoker " + settings.invokerId() + "'s containers failed", e);
        }
    }

    /** Removes every container this factory started, then closes the engine's client. */
    @Override
    public void close() {
        try (var removers = Executors.newVirtualThreadPerTaskExecutor()) {
            List.copyOf(live).forEach(c -> removers.submit(c::destroy));
        }
        try {
            docker.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the Docker client failed", e);
        }
        http.close();
    }
}
