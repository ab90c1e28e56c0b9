package dev.brisk.testbed.docker;

import com.github.dockerjava.api.model.Capability;
import dev.brisk.testbed.support.SelfSignedTls;
import dev.brisk.testbed.support.Testbed;
import dev.brisk.testbed.support.TestbedBuilder;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Brisk's production path as Docker containers on one network (Testcontainers): nginx (TLS with a certificate made
 * at start) &rarr; controller &rarr; CouchDB and Kafka &rarr; two invokers, each running its own Docker engine
 * (Docker-in-Docker) in which the Docker container factory starts the action containers. Network aliases:
 * {@code kafka}, {@code couchdb}, {@code controller}, {@code invoker0}, {@code invoker1}, {@code nginx}.
 *
 * <p>{@code --privileged} fails on machines whose capability bounding set lacks {@code CAP_SYS_RESOURCE}; the
 * invokers get every capability but that one, no seccomp filter and the host's cgroup hierarchy, which is what an
 * inner {@code dockerd} needs. Their engines put the action containers' cgroups under a parent named after this
 * testbed, removed again by {@link #close()}. The runtime images reach the inner engines as the tarball
 * {@code ci/build-images runtimes} writes, loaded by the invoker image's entrypoint: nothing is pulled.
 *
 * <p>Every container carries the label {@value #LABEL}={@link #id()}, so {@code ci/testbed down} can remove a
 * testbed whose JVM is gone.
 */
public final class DockerTestbed implements Testbed {
    /** Label on every container of a testbed; its value is {@link #id()}. */
    public static final String LABEL = "dev.brisk.testbed";

    private static final String COUCH_USER = "admin";
    private static final String COUCH_PASSWORD = "brisk-secret";

    private final Builder config;
    private final String id = "brisk-tb-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path workDir;
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private Network network;
    private GenericContainer<?> kafka;
    private GenericContainer<?> couchdb;
    private GenericContainer<?> controller;
    private final List<GenericContainer<?>> invokers = new ArrayList<>();
    private GenericContainer<?> nginx;
    private SSLContext sslContext;
    private boolean closed;

    private DockerTestbed(Builder config) {
        this.config = config;
        this.workDir = config.workDir().toAbsolutePath().normalize();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts every part (independent ones in parallel) and returns once the API answers through nginx. */
    public synchronized DockerTestbed start() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        TestbedImages images = config.images;
        Path logs = workDir.resolve("logs");
        Files.createDirectories(logs);
        Path tls = workDir.resolve("tls");
        Path runtimes = config.runtimesTarball.toAbsolutePath();
        if (config.localRuntimes && !Files.isRegularFile(runtimes)) {
            throw new IllegalStateException("no runtime image tarball at " + runtimes + " (ci/build-images testbed)");
        }
        config.progress().accept("docker testbed " + id + ", work dir " + workDir + ", images " + images);
        try {
            network = Network.builder()
                    .createNetworkCmdModifier(cmd -> cmd.withLabels(Map.of(LABEL, id)))
                    .build();
            makeCertificate(tls);
            sslContext = SelfSignedTls.trusting(tls.resolve("cert.pem"));

            kafka = container(images.kafka(), "kafka")
                    .withEnv(kafkaEnvironment())
                    .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)
                            .withStartupTimeout(Duration.ofMinutes(2)));
            couchdb = container(images.couchdb(), "couchdb")
                    .withEnv("COUCHDB_USER", COUCH_USER).withEnv("COUCHDB_PASSWORD", COUCH_PASSWORD)
                    .withExposedPorts(5984)
                    .waitingFor(Wait.forHttp("/").forPort(5984).forStatusCode(200)
                            .withStartupTimeout(Duration.ofMinutes(2)));
            nginx = container(images.nginx(), "nginx")
                    .withCopyFileToContainer(MountableFile.forClasspathResource("dev/brisk/testbed/docker/nginx.conf", 0644),
                            "/etc/nginx/nginx.conf")
                    .withCopyFileToContainer(MountableFile.forHostPath(tls.resolve("cert.pem"), 0644), "/etc/nginx/tls/cert.pem")
                    .withCopyFileToContainer(MountableFile.forHostPath(tls.resolve("key.pem"), 0644), "/etc/nginx/tls/key.pem")
                    .withExposedPorts(443)
                    .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(1)));
            timed("kafka+couchdb+nginx", () -> Startables.deepStart(kafka, couchdb, nginx).join());

            // actions reach the API at nginx's address: their engine's network has no name service of the testbed's
            String actionApiHost = "https://" + nginx.getContainerInfo().getNetworkSettings().getNetworks().values()
                    .iterator().next().getIpAddress();
            List<String> common = List.of("-Xmx512m", "-Dserver.host=0.0.0.0",
                    "-Dbrisk.store.provider=couchdb", "-Dbrisk.store.url=http://couchdb:5984",
                    "-Dbrisk.store.username=" + COUCH_USER, "-Dbrisk.store.password=" + COUCH_PASSWORD,
                    "-Dbrisk.store.db-prefix=" + config.dbPrefix(),
                    "-Dbrisk.bus.provider=kafka", "-Dbrisk.bus.bootstrap-servers=kafka:9092",
                    "-Dbrisk.api.host=" + actionApiHost);

            List<String> controllerOptions = new ArrayList<>(common);
            controllerOptions.add("-Dbrisk.controller.id=0");
            // nginx in front sets X-Forwarded-Proto: the route URLs the controller answers with are https ones
            controllerOptions.add("-Dbrisk.http.trust-forwarded-headers=true");
            controllerOptions.addAll(TEST_LIMITS);
            config.controllerProperties().forEach((k, v) -> controllerOptions.add("-D" + k + "=" + v));
            controller = container(images.controller(), "controller")
                    .withEnv("JAVA_OPTS", String.join(" ", controllerOptions))
                    .withExposedPorts(3233)
                    .waitingFor(Wait.forHttp("/health/ready").forPort(3233).forStatusCode(200)
                            .withStartupTimeout(config.readyTimeout()));

            for (int i = 0; i < config.invokers(); i++) {
                invokers.add(invoker(i, images, common, runtimes));
            }
            List<GenericContainer<?>> services = new ArrayList<>(invokers);
            services.add(controller);
            timed("controller+invokers", () -> Startables.deepStart(services).join());

            timed("api", this::awaitApi);
            timings.put("total", ms(t0));
            config.progress().accept("ready in " + ms(t0) + " ms " + timings + ": " + apiHost());
            return this;
        } catch (RuntimeException | IOException | InterruptedException e) {
            config.progress().accept("start failed: " + e);
            close();
            throw e;
        }
    }

    private GenericContainer<?> invoker(int i, TestbedImages images, List<String> common, Path runtimes) {
        List<String> options = new ArrayList<>(common);
        options.add("-Dbrisk.invoker.id=" + i);
        options.add("-Dbrisk.invoker.container-factory=docker");
        options.add("-Dbrisk.invoker.container.invoker-id=" + i);
        if (config.localRuntimes) {
            for (String kind : List.of("nodejs", "python", "java")) {
                options.add("-Dbrisk.invoker.container.image." + kind + "=" + runtimeImage(kind));
            }
            options.add("-Dbrisk.invoker.container.pull=never");
        }
        config.invokerProperties().forEach((k, v) -> options.add("-D" + k + "=" + v));
        GenericContainer<?> c = container(images.invoker(), "invoker" + i)
                .withEnv("JAVA_OPTS", String.join(" ", options))
                .withEnv("BRISK_DIND", "true")
                .withEnv("BRISK_DIND_CGROUP_PARENT", "/" + cgroupParent(i))
                .withFileSystemBind("/sys/fs/cgroup", "/sys/fs/cgroup", BindMode.READ_WRITE)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withCapAdd(Capability.ALL).withCapDrop(Capability.SYS_RESOURCE)
                        .withSecurityOpts(List.of("seccomp=unconfined")))
                .withExposedPorts(8081)
                .waitingFor(Wait.forHttp("/health/ready").forPort(8081).forStatusCode(200)
                        .withStartupTimeout(config.readyTimeout()));
        if (config.localRuntimes) {
            c.withFileSystemBind(runtimes.toString(), "/var/lib/brisk/images/runtimes.tar", BindMode.READ_ONLY);
        }
        return c;
    }

    private String cgroupParent(int invoker) {
        return id + "-invoker" + invoker;
    }

    private GenericContainer<?> container(String image, String alias) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image));
        // local images are never pulled (a missing one fails in seconds); official ones are pulled when missing
        c.withImagePullPolicy(config.localRuntimes ? new NeverPullPolicy() : PullPolicy.defaultPolicy());
        c.withNetwork(network).withNetworkAliases(alias).withLabel(LABEL, id)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(id + "-" + alias));
        return c;
    }

    private Map<String, String> kafkaEnvironment() {
        // the variables of the official apache/kafka image; brisk/kafka reads them the same way
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_NODE_ID", "1");
        env.put("KAFKA_PROCESS_ROLES", "broker,controller");
        env.put("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093");
        env.put("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092");
        env.put("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER");
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        env.put("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093");
        env.put("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        env.put("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        env.put("KAFKA_NUM_PARTITIONS", "1");
        env.put("KAFKA_HEAP_OPTS", "-Xmx512m");
        return env;
    }

    private void awaitApi() {
        HttpClient client = HttpClient.newBuilder().sslContext(sslContext).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(apiHost() + "/api/v1"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode() + ": " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("the API did not answer 200 through nginx at " + apiHost() + ": " + last);
    }

    // -------------------------------------------------------------------------------------------------------------
    // what clients and tests use

    /** This testbed's id: container name prefix, label value, cgroup parent prefix. */
    public String id() {
        return id;
    }

    /**
     * The image the invokers run {@code kind} ({@code nodejs}, {@code python}, {@code java}) from: the local build, or
     * OpenWhisk's official image (only Node.js is named here; the others follow the runtime manifest).
     */
    public String runtimeImage(String kind) {
        if (config.localRuntimes) {
            return config.runtimeImagePrefix + kind + ":" + config.runtimeImageTag;
        }
        if (!kind.equals("nodejs")) {
            throw new IllegalArgumentException("the official image of " + kind + " is the runtime manifest's");
        }
        return "openwhisk/action-nodejs-v20";
    }

    /** {@code https://localhost:<port>}: nginx's TLS port mapped to the host. */
    @Override
    public String apiHost() {
        return "https://localhost:" + nginx.getMappedPort(443);
    }

    /** Trusts the testbed's self-signed certificate. */
    @Override
    public SSLContext sslContext() {
        return sslContext;
    }

    public Map<String, Long> timings() {
        return Map.copyOf(timings);
    }

    public int invokerCount() {
        return invokers.size();
    }

    /** Runs {@code docker ARGS...} against invoker {@code n}'s own engine. */
    public ExecResult dockerInInvoker(int n, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        return invokers.get(n).execInContainer(command);
    }

    /** The logs of one part ({@code controller}, {@code invoker0}, ...) so far. */
    public String logs(String part) {
        return part(part).getLogs();
    }

    /** The address of one part ({@code kafka}, {@code couchdb}, {@code controller}, {@code invoker0}, ...) on the testbed's network. */
    public String internalAddress(String part) {
        return part(part).getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    private GenericContainer<?> part(String name) {
        return switch (name) {
            case "controller" -> controller;
            case "kafka" -> kafka;
            case "couchdb" -> couchdb;
            case "nginx" -> nginx;
            default -> invokers.get(Integer.parseInt(name.substring("invoker".length())));
        };
    }

    public String describe() {
        StringBuilder b = new StringBuilder("docker testbed " + id + ": " + apiHost() + "\n");
        for (GenericContainer<?> c : parts()) {
            b.append("  ").append(c.getNetworkAliases().get(c.getNetworkAliases().size() - 1)).append(": ")
                    .append(c.getDockerImageName()).append(" ").append(c.getContainerId(), 0, 12).append('\n');
        }
        b.append("  logs (on close): ").append(workDir.resolve("logs"));
        return b.toString();
    }

    private List<GenericContainer<?>> parts() {
        List<GenericContainer<?>> all = new ArrayList<>();
        Stream.of(nginx, controller).filter(Objects::nonNull).forEach(all::add);
        all.addAll(invokers);
        Stream.of(kafka, couchdb).filter(Objects::nonNull).forEach(all::add);
        return all;
    }

    // -------------------------------------------------------------------------------------------------------------
    // stop

    /** Saves every part's log into {@code <work>/logs}, removes the containers, the network and the inner cgroups. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Path logs = workDir.resolve("logs");
        for (GenericContainer<?> c : parts()) {
            if (c.getContainerId() == null) {
                continue;
            }
            String name = c.getNetworkAliases().get(c.getNetworkAliases().size() - 1);
            try {
                Files.writeString(logs.resolve(name + ".log"), c.getLogs());
                if (name.startsWith("invoker")) {
                    ExecResult r = c.execInContainer("cat", "/var/log/dockerd.log");
                    Files.writeString(logs.resolve(name + "-dockerd.log"), r.getStdout());
                    // the inner engine removes its action containers (paused ones too) while it still can: a
                    // paused container's frozen processes would outlive the invoker in the host's cgroups
                    c.execInContainer("sh", "-c", "docker ps -aq | xargs -r docker rm -f -v");
                }
            } catch (Exception e) {
                config.progress().accept("could not save the log of " + name + ": " + e);
            }
        }
        for (GenericContainer<?> c : parts()) {
            try {
                c.stop();
            } catch (RuntimeException e) {
                config.progress().accept("could not stop " + c.getDockerImageName() + ": " + e);
            }
        }
        if (network != null) {
            try {
                network.close();
            } catch (RuntimeException e) {
                config.progress().accept("could not remove network: " + e);
            }
        }
        for (int i = 0; i < config.invokers(); i++) {
            removeCgroups(cgroupParent(i));
        }
    }

    /**
     * The inner engines' cgroups land in the host's hierarchy: thaw what a paused action container left frozen (its
     * processes then die of the kill they already got), then remove the directories of {@code name}.
     */
    static void removeCgroups(String name) {
        Path root = Path.of("/sys/fs/cgroup");
        if (!Files.isDirectory(root)) {
            return;
        }
        Path freezer = root.resolve("freezer").resolve(name);
        if (Files.isDirectory(freezer)) {
            try (Stream<Path> walk = Files.walk(freezer)) {
                walk.filter(p -> p.getFileName().toString().equals("freezer.state")).forEach(state -> {
                    try {
                        Files.writeString(state, "THAWED");
                    } catch (IOException ignored) {
                        // gone already
                    }
                });
            } catch (IOException | RuntimeException ignored) {
                // nothing to thaw
            }
            sleep(500);
        }
        try (Stream<Path> controllers = Files.list(root)) {
            for (Path controller : controllers.toList()) {
                Path dir = controller.resolve(name);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> {
                        try {
                            Files.delete(d);
                        } catch (IOException ignored) {
                            // still in use or not ours to remove: leave it
                        }
                    });
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no cgroup hierarchy to tidy here
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // helpers

    private void makeCertificate(Path tls) throws IOException, InterruptedException {
        Files.createDirectories(tls);
        SelfSignedTls.makeCertificate(config.openssl(), "DNS:localhost,DNS:nginx,IP:127.0.0.1", tls.resolve("cert.pem"),
                tls.resolve("key.pem"), tls.resolve("openssl.log"));
    }

    private void timed(String what, Runnable step) {
        long t = System.nanoTime();
        step.run();
        timings.put(what, ms(t));
    }

    private static long ms(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Options of a testbed; all have defaults. */
    public static final class Builder extends TestbedBuilder<Builder> {
        private TestbedImages images = TestbedImages.configured();
        private Path runtimesTarball = defaultRuntimesTarball();
        private boolean localRuntimes = TestbedImages.isLocal();
        private String runtimeImagePrefix = "brisk/action-";
        private String runtimeImageTag = "dev";

        private Builder() {
            // six minutes: two cores, shared: JVMs and engines start slowly
            super(Path.of("target/docker-testbed"), Duration.ofMinutes(6),
                    line -> System.out.println("[docker-testbed] " + line));
        }

        /** {@code <brisk.root>/platform/container-docker/target/image-build/runtimes.tar}, as ci/build-images writes it. */
        static Path defaultRuntimesTarball() {
            String configured = System.getProperty("brisk.testbed.runtimes-tarball",
                    System.getenv("BRISK_TESTBED_RUNTIMES_TARBALL"));
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            return Path.of(System.getProperty("brisk.root", ".")).resolve(
                    "platform/container-docker/target/image-build/runtimes.tar");
        }

        public Builder images(TestbedImages i) {
            this.images = i;
            return this;
        }

        /**
         * Runtime images from the tarball of {@code ci/build-images} ({@code true}, the default with
         * {@code brisk.testbed.images=local}) or the manifest's official OpenWhisk images pulled by the inner
         * engines ({@code false}, the default otherwise).
         */
        public Builder localRuntimes(boolean local) {
            this.localRuntimes = local;
            return this;
        }

        public Builder runtimesTarball(Path tarball) {
            this.runtimesTarball = tarball;
            return this;
        }

        public DockerTestbed build() {
            return new DockerTestbed(this);
        }
    }
}
