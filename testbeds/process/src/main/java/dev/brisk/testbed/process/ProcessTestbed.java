package dev.brisk.testbed.process;

import dev.brisk.testbed.support.FreePorts;
import dev.brisk.testbed.support.SelfSignedTls;
import dev.brisk.testbed.support.Testbed;
import dev.brisk.testbed.support.TestbedBuilder;
import dev.brisk.testbed.support.couch.CouchDb;
import dev.brisk.testbed.support.kafka.KafkaBroker;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Brisk's production path on loopback, every part its own process: nginx (TLS, a self-signed certificate made at
 * set-up) &rarr; controller &rarr; CouchDB (pouchdb-server) and Kafka &rarr; two invokers (ids 0 and 1) &rarr; action
 * containers. Ports are free ones, the work directory is fresh, and every part logs into {@code <work>/logs} (Kafka
 * and CouchDB into their data directories, named by {@link #describe()}).
 *
 * <p>{@link #start()} returns once the invokers and the controller answer {@code /health/ready} and
 * {@code GET https://localhost:<port>/api/v1} answers 200 through nginx; each wait is bounded and a failure names
 * the part and quotes its log. {@link #controller()} and {@link #invoker(int)} are handles to stop, kill (SIGKILL)
 * and start again (a restart with the same configuration). {@link #close()} stops everything; a shutdown hook does
 * the same when the JVM exits first, and {@code <work>/pids} lists every process started (refreshed every 2 s) so
 * that {@code ProcessTestbedMain down} can end them even after this JVM was killed.
 */
public final class ProcessTestbed implements Testbed {
    private final Builder config;
    private final Path workDir;
    private final Path logs;
    private final PidFile pidFile;
    private final Consumer<String> progress;
    private final Map<String, Long> timings = new LinkedHashMap<>();

    private Path shortDir;
    private KafkaBroker kafka;
    private CouchDb couch;
    private ServiceProcess controller;
    private final List<ServiceProcess> invokers = new ArrayList<>();
    private ServiceProcess nginx;
    private int nginxPort;
    private SSLContext sslContext;
    private Thread shutdownHook;
    /** Processes below this JVM before {@link #start()}: not ours, never recorded or killed. */
    private final java.util.Set<Long> foreign = new java.util.HashSet<>();
    private ScheduledExecutorService recorder;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ProcessTestbed(Builder config) {
        this.config = config;
        this.workDir = config.workDir().toAbsolutePath().normalize();
        this.logs = workDir.resolve("logs");
        this.pidFile = new PidFile(workDir.resolve("pids"));
        this.progress = config.progress();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------------------------------------------------
    // start

    /** Starts every part and waits until the platform answers through nginx. */
    public synchronized ProcessTestbed start() throws IOException, InterruptedException {
        if (controller != null) {
            throw new IllegalStateException("already started; use controller()/invoker(n) to restart parts");
        }
        long t0 = System.nanoTime();
        Path controllerJar = Locations.jar(config.controllerJar, "brisk.controller.jar", "platform/controller/target/brisk-controller.jar");
        Path invokerJar = Locations.jar(config.invokerJar, "brisk.invoker.jar", "platform/invoker/target/brisk-invoker.jar");
        for (Path jar : List.of(controllerJar, invokerJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("not built: " + jar + " (mvn -B -q -DskipTests install -pl testbeds/process -am)");
            }
        }
        String nginxBin = Locations.command(config.nginx);
        String opensslBin = Locations.command(config.openssl());
        for (String stale : List.of("kafka", "couch", "nginx", "logs", "pids", "short-dir")) {
            deleteQuietly(workDir.resolve(stale)); // a fresh platform every time, even in a reused work dir
        }
        Files.createDirectories(logs);
        // Unix socket paths of action containers must stay under 107 bytes: keep the invokers' dirs short
        shortDir = Files.createTempDirectory(Path.of("/tmp"), "brisk-tb-");
        Files.writeString(workDir.resolve("short-dir"), shortDir.toString());
        ProcessHandle.current().descendants().forEach(h -> foreign.add(h.pid()));
        installShutdownHook();
        startRecorder();
        progress.accept("work dir " + workDir);
        try {
            // Kafka and CouchDB in parallel: each start returns once the server answers
            CompletableFuture<KafkaBroker> k = CompletableFuture.supplyAsync(() -> timed("kafka",
                    () -> KafkaBroker.start(workDir.resolve("kafka"))), Executors.newVirtualThreadPerTaskExecutor());
            CompletableFuture<CouchDb> c = CompletableFuture.supplyAsync(() -> timed("couchdb",
                    () -> CouchDb.start(workDir.resolve("couch"))), Executors.newVirtualThreadPerTaskExecutor());
            kafka = join("Kafka broker (log under " + workDir.resolve("kafka") + ")", k);
            couch = join("CouchDB server (log under " + workDir.resolve("couch") + ")", c);
            recordProcesses();
            progress.accept("kafka " + kafka.bootstrapServers() + ", couchdb " + couch.url());

            nginxPort = FreePorts.next();
            String apiHost = apiHost();
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            List<String> common = new ArrayList<>(List.of(
                    "-Dserver.host=127.0.0.1",
                    "-Dbrisk.store.provider=couchdb",
                    "-Dbrisk.store.url=" + couch.url(),
                    "-Dbrisk.store.username=" + couch.username(),
                    "-Dbrisk.store.password=" + couch.password(),
                    "-Dbrisk.store.db-prefix=" + couch.runPrefix() + config.dbPrefix(),
                    "-Dbrisk.bus.provider=kafka",
                    "-Dbrisk.bus.bootstrap-servers=" + kafka.bootstrapServers(),
                    "-Dbrisk.api.host=" + apiHost));

            int controllerPort = FreePorts.next();
            List<String> cc = javaCommand(controllerPort, common);
            cc.add("-Dbrisk.controller.id=0");
            // nginx in front sets X-Forwarded-Proto: the route URLs the controller answers with are https ones
            cc.add("-Dbrisk.http.trust-forwarded-headers=true");
            cc.addAll(TEST_LIMITS);
            config.controllerProperties().forEach((key, v) -> cc.add("-D" + key + "=" + v));
            cc.addAll(List.of("-jar", controllerJar.toString()));
            controller = new ServiceProcess("controller0", cc, logs.resolve("controller0.log"), controllerPort,
                    URI.create("http://127.0.0.1:" + controllerPort + "/health/ready"), plain,
                    config.readyTimeout(), this::recordProcesses);

            for (int i = 0; i < config.invokers(); i++) {
                int port = FreePorts.next();
                Path containers = shortDir.resolve("inv" + i);
                Files.createDirectories(containers);
                List<String> ic = javaCommand(port, common);
                ic.add("-Dbrisk.invoker.id=" + i);
                ic.add("-Dbrisk.invoker.container.work-dir=" + containers);
                config.invokerProperties().forEach((key, v) -> ic.add("-D" + key + "=" + v));
                ic.addAll(List.of("-jar", invokerJar.toString()));
                invokers.add(new ServiceProcess("invoker" + i, ic, logs.resolve("invoker" + i + ".log"), port,
                        URI.create("http://127.0.0.1:" + port + "/health/ready"), plain, config.readyTimeout(),
                        this::recordProcesses));
            }

            Path prefix = workDir.resolve("nginx");
            writeNginxConfig(prefix, controllerPort, opensslBin);
            sslContext = SelfSignedTls.trusting(prefix.resolve("tls/cert.pem"));
            HttpClient tls = HttpClient.newBuilder().sslContext(sslContext).connectTimeout(Duration.ofSeconds(2)).build();
            nginx = new ServiceProcess("nginx", List.of(nginxBin, "-p", prefix + "/", "-e", logs.resolve("nginx-error.log").toString(),
                    "-c", prefix.resolve("nginx.conf").toString(), "-g", "daemon off;"),
                    logs.resolve("nginx.log"), nginxPort, URI.create(apiHost + "/api/v1"), tls, config.readyTimeout(),
                    this::recordProcesses);

            // launch the JVMs together (they start in parallel), then wait for each
            long tj = System.nanoTime();
            for (ServiceProcess invoker : invokers) {
                invoker.launch();
            }
            controller.launch();
            long deadline = System.nanoTime() + config.readyTimeout().toNanos();
            for (ServiceProcess invoker : invokers) {
                invoker.awaitReady(deadline);
                timings.put(invoker.name(), ms(tj));
            }
            controller.awaitReady(deadline);
            timings.put("controller0", ms(tj));
            long tn = System.nanoTime();
            nginx.start();
            timings.put("nginx", ms(tn));
            timings.put("total", ms(t0));
            progress.accept("ready in " + ms(t0) + " ms " + timings + ": " + apiHost);
            return this;
        } catch (IOException | InterruptedException | RuntimeException e) {
            progress.accept("start failed: " + e.getMessage());
            close();
            throw e;
        }
    }

    /**
     * The services' JVM flags (issue 6: idle controller + invoker within 300 MB). Default ergonomics on a big machine
     * give each a G1 heap starting at 1/64 of RAM, which start-up garbage fills before the first collection; a small
     * initial heap with the serial collector (two cores, small heaps: no concurrent collector pays off), compact
     * object headers (JDK 25) and a periodic trim of the C heap (memory the JIT compilers freed after start-up goes
     * back to the OS; JDK 22+) keep each near 140 MB. {@link Builder#jvmOption} adds to or overrides these.
     */
    static List<String> serviceJvmOptions(int javaFeature) {
        List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx512m"));
        if (javaFeature >= 22) {
            options.add("-XX:TrimNativeHeapInterval=5000");
        }
        if (javaFeature >= 25) {
            options.add("-XX:+UseCompactObjectHeaders");
        }
        return options;
    }

    private List<String> javaCommand(int port, List<String> common) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(serviceJvmOptions(Runtime.version().feature()));
        command.addAll(config.jvmOptions);
        command.add("-Dserver.port=" + port);
        command.addAll(common);
        return command;
    }

    private void writeNginxConfig(Path prefix, int controllerPort, String openssl) throws IOException, InterruptedException {
        for (String dir : List.of("logs", "tls", "temp")) {
            Files.createDirectories(prefix.resolve(dir));
        }
        SelfSignedTls.makeCertificate(openssl, "DNS:localhost,IP:127.0.0.1", prefix.resolve("tls/cert.pem"),
                prefix.resolve("tls/key.pem"), logs.resolve("openssl.log"));
        String template;
        try (InputStream in = Objects.requireNonNull(ProcessTestbed.class.getResourceAsStream("nginx.conf.template"),
                "nginx.conf.template resource")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // as root nginx would run its worker as "nobody", which cannot enter a private work dir
        String user = "root".equals(System.getProperty("user.name")) ? "user root;" : "";
        String conf = template.replace("@@USER@@", user)
                .replace("@@PREFIX@@", prefix.toString())
                .replace("@@LOGS@@", logs.toString())
                .replace("@@PORT@@", Integer.toString(nginxPort))
                .replace("@@CONTROLLER_PORT@@", Integer.toString(controllerPort));
        Files.writeString(prefix.resolve("nginx.conf"), conf);
    }

    // ---------------------------------------------------------------------------------------------------------
    // accessors

    /** {@code https://localhost:<nginx port>}: what clients use. */
    @Override
    public String apiHost() {
        return "https://localhost:" + nginxPort;
    }

    public ServiceProcess controller() {
        return Objects.requireNonNull(controller, "not started");
    }

    public ServiceProcess invoker(int id) {
        return invokers.get(id);
    }

    public int invokerCount() {
        return invokers.size();
    }

    public ServiceProcess nginx() {
        return Objects.requireNonNull(nginx, "not started");
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public CouchDb couch() {
        return couch;
    }

    public Path workDir() {
        return workDir;
    }

    /** An SSLContext that trusts exactly this testbed's self-signed certificate (hostname {@code localhost}). */
    @Override
    public SSLContext sslContext() {
        return Objects.requireNonNull(sslContext, "not started");
    }

    /** Milliseconds each part took to become ready during {@link #start()}, and {@code total}. */
    public Map<String, Long> timings() {
        return Map.copyOf(timings);
    }

    /** Where everything runs and logs, one part a line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("apihost    ").append(apiHost()).append('\n');
        if (kafka != null) {
            sb.append("kafka      ").append(kafka.bootstrapServers()).append("  log ").append(kafka.logFile()).append('\n');
        }
        if (couch != null) {
            sb.append("couchdb    ").append(couch.url()).append("  data ").append(workDir.resolve("couch")).append('\n');
        }
        Stream.concat(Stream.of(controller, nginx), invokers.stream()).filter(Objects::nonNull)
                .sorted(Comparator.comparing(ServiceProcess::name))
                .forEach(s -> sb.append(String.format("%-10s %s  pid %d  log %s%n", s.name(),
                        s.name().equals("nginx") ? apiHost() : s.url(), s.pid(), s.logFile())));
        sb.append("pids       ").append(pidFile.path()).append('\n');
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // stop

    /**
     * Stops everything started, edge first and storage last, then kills whatever is left below this JVM that was
     * not there before {@link #start()}.
     */
    @Override
    public void close() {
        // not synchronized with start(): the shutdown hook must not wait for a start that waits for readiness
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        List<ServiceProcess> services = new ArrayList<>();
        if (nginx != null) {
            services.add(nginx);
        }
        if (controller != null) {
            services.add(controller);
        }
        services.addAll(invokers);
        for (ServiceProcess s : services) {
            try {
                s.stop();
            } catch (InterruptedException | RuntimeException e) {
                problems.add(s.name() + ": " + e);
            }
        }
        if (kafka != null) {
            try {
                kafka.stop();
            } catch (RuntimeException e) {
                problems.add("kafka: " + e);
            }
        }
        if (couch != null) {
            try {
                couch.close();
            } catch (Exception e) {
                problems.add("couchdb: " + e);
            }
        }
        try {
            ServiceProcess.killAll(ours());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (recorder != null) {
            recorder.shutdownNow();
        }
        pidFile.write(Map.of());
        deleteQuietly(shortDir);
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException inShutdown) {
                // running from the hook itself
            }
        }
        progress.accept("stopped" + (problems.isEmpty() ? "" : " with problems: " + problems) + "; logs in " + logs);
    }

    private void installShutdownHook() {
        shutdownHook = new Thread(this::close, "process-testbed-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void startRecorder() {
        recorder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "process-testbed-pids");
            t.setDaemon(true);
            return t;
        });
        recorder.scheduleWithFixedDelay(this::recordProcesses, 2, 2, TimeUnit.SECONDS);
    }

    /** Writes every process below this JVM (the parts and what they started) to {@code <work>/pids}. */
    private void recordProcesses() {
        if (closed.get()) {
            return;
        }
        Map<ProcessHandle, String> all = new LinkedHashMap<>();
        ours().forEach(h ->
                all.put(h, h.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?")));
        pidFile.write(all);
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    /** The processes below this JVM that started with or after this testbed (the parts and what they run). */
    private List<ProcessHandle> ours() {
        return ProcessHandle.current().descendants().filter(h -> !foreign.contains(h.pid())).toList();
    }

    private <T> T timed(String name, java.util.function.Supplier<T> start) {
        long t = System.nanoTime();
        T result = start.get();
        synchronized (timings) {
            timings.put(name, ms(t));
        }
        return result;
    }

    private static <T> T join(String what, CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(300, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " did not start: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(what + " did not start within 300 s");
        }
    }

    private static long ms(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a socket or file still held: leave it
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Settings of a testbed; everything has a default. */
    public static final class Builder extends TestbedBuilder<Builder> {
        private Path controllerJar;
        private Path invokerJar;
        private String nginx = "nginx";
        private final List<String> jvmOptions = new ArrayList<>();

        public Builder() {
            // the work dir: a fresh temporary directory unless set; 180 s: a loaded 2-core machine is slow
            super(null, Duration.ofSeconds(180), line -> System.err.println("[process-testbed] " + line));
        }

        public Builder controllerJar(Path jar) {
            this.controllerJar = jar;
            return this;
        }

        public Builder invokerJar(Path jar) {
            this.invokerJar = jar;
            return this;
        }

        /** How many invokers (ids 0..n-1), at least one; default 2. */
        @Override
        public Builder invokers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("at least one invoker");
            }
            return super.invokers(count);
        }

        /** A JVM option for the controller and invokers, e.g. {@code -Xmx512m}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder nginx(String command) {
            this.nginx = command;
            return this;
        }

        public ProcessTestbed build() {
            if (workDir() == null) {
                try {
                    workDir(Files.createTempDirectory("brisk-process-testbed"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new ProcessTestbed(this);
        }
    }

}
