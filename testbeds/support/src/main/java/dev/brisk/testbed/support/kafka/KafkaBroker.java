package dev.brisk.testbed.support.kafka;

import dev.brisk.testbed.support.FreePorts;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) in a child JVM started from this
 * JVM's classpath, which holds {@code kafka_2.13} and a log4j2 binding whenever this module is a dependency. Both
 * listeners bind 127.0.0.1 only. Storage lives in the data directory and survives {@link #stop()}, {@link #kill()}
 * and {@link #restart()} (same directory, same ports): topics and committed offsets are kept.
 *
 * <p>Layout of the data directory: {@code server.properties}, {@code log4j2.properties}, {@code ports.properties},
 * {@code kraft/} (the log dirs), {@code logs/server.log} (the broker's log) and {@code logs/stdout.log}.
 *
 * <p>The child exits on its own (cleanly) when this JVM dies, because it watches its standard input.
 * Command line: {@code java -cp ... dev.brisk.testbed.support.kafka.KafkaBroker --data DIR [--port N]} runs a broker
 * in the foreground and prints {@code KAFKA_BOOTSTRAP=127.0.0.1:<port>} once it answers.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final long READY_TIMEOUT_MS = 90_000;
    private static final long STOP_TIMEOUT_MS = 60_000;

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private Process process;
    private OutputStream childStdin; // kept open: closing it tells the child its parent is gone

    private KafkaBroker(Path dataDir, int port, int controllerPort, String heap) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    /** Starts a broker on free ports (or the ports of an earlier run on the same directory, if still free). */
    public static KafkaBroker start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts a broker whose client listener is {@code 127.0.0.1:port} ({@code 0}: a free port, reusing the earlier
     * run's ports when the data directory has them) and waits until an admin client can describe the cluster.
     */
    public static KafkaBroker start(Path dataDir, int port) {
        try {
            Path dir = dataDir.toAbsolutePath();
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("kraft"));
            Properties previous = readProperties(dir.resolve("ports.properties"));
            int brokerPort = port != 0 ? port : reuseOrFree(previous.getProperty("port"));
            int controller = reuseOrFree(previous.getProperty("controller.port"), brokerPort);
            KafkaBroker broker = new KafkaBroker(dir, brokerPort, controller, System.getProperty("brisk.kafka.heap", "-Xmx512m"));
            broker.writeConfig();
            broker.formatIfNeeded();
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("logs/server.log");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Clean shutdown (SIGTERM, Kafka's shutdown hook flushes and closes the logs); SIGKILL after 60 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(childStdin);
        }
    }

    /** SIGKILL: the broker gets no chance to flush or deregister, like a crashed machine. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(childStdin);
        }
    }

    /** Stops the broker if it runs, then starts it again on the same directory and ports; waits until ready. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Starts the broker again after {@link #stop()} or {@link #kill()}; waits until ready. */
    public synchronized void resume() {
        if (!isRunning()) {
            launch();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + dataDir + "]";
    }

    // ---- configuration and child processes ----

    private void writeConfig() throws IOException {
        String kraft = dataDir.resolve("kraft").toString();
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + escape(kraft),
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=24",
                "log.segment.bytes=104857600",
                // room for OpenWhisk's 1 MB activation payloads plus record overhead
                "message.max.bytes=" + (2 * 1024 * 1024),
                "");
        Files.writeString(dataDir.resolve("server.properties"), config);

        String log = dataDir.resolve("logs/server.log").toString();
        String log4j = String.join("\n",
                "status = warn",
                "appender.file.type = File",
                "appender.file.name = FILE",
                "appender.file.fileName = " + escape(log),
                "appender.file.append = true",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = FILE",
                "logger.state.name = state.change.logger",
                "logger.state.level = WARN",
                "");
        Files.writeString(dataDir.resolve("log4j2.properties"), log4j);
        Files.writeString(dataDir.resolve("ports.properties"),
                "port=" + port + "\ncontroller.port=" + controllerPort + "\n");
    }

    private void formatIfNeeded() throws IOException {
        if (Files.exists(dataDir.resolve("kraft/meta.properties"))) {
            return;
        }
        List<String> command = javaCommand(List.of("-Xmx256m"));
        command.addAll(List.of("kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", dataDir.resolve("server.properties").toString()));
        Path out = dataDir.resolve("logs/format.log");
        Process format = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage took over 60 s: " + tail(out));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (exit " + format.exitValue() + "): " + tail(out));
        }
    }

    private synchronized void launch() {
        List<String> command = javaCommand(List.of(heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent"));
        command.addAll(List.of("kafka.Kafka", dataDir.resolve("server.properties").toString()));
        Path out = dataDir.resolve("logs/stdout.log");
        long started = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka JVM", e);
        }
        process = p;
        childStdin = p.getOutputStream();
        ensureShutdownHook();
        awaitReady(p, started);
    }

    private void awaitReady(Process p, long started) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.CLIENT_ID_CONFIG, "brisk-kafka-broker-probe");
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Kafka exited with " + p.exitValue() + " before it was ready: "
                            + tail(dataDir.resolve("logs/stdout.log")) + "\n" + tail(logFile()));
                }
                try {
                    var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000));
                    if (!cluster.nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                } catch (Exception e) {
                    last = e;
                }
                sleep(100);
            }
        }
        kill();
        throw new IllegalStateException("Kafka not ready on " + bootstrapServers() + " after "
                + READY_TIMEOUT_MS + " ms: " + tail(logFile()), last);
    }

    private List<String> javaCommand(List<String> jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties").toUri());
        command.add("-Dkafka.logs.dir=" + dataDir.resolve("logs"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildMain.class.getName());
        return command;
    }

    private boolean hookInstalled;

    private void ensureShutdownHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p != null && p.isAlive()) {
                p.destroy();
                try {
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            }
        }, "kafka-broker-stop"));
    }

    // ---- helpers ----

    private static int reuseOrFree(String previous, int... taken) throws IOException {
        if (previous != null) {
            int candidate = Integer.parseInt(previous.trim());
            boolean clash = false;
            for (int t : taken) {
                clash |= t == candidate;
            }
            if (!clash && FreePorts.isFree(candidate)) {
                return candidate;
            }
        }
        while (true) {
            int port = FreePorts.next();
            boolean clash = false;
            for (int t : taken) {
                clash |= t == port;
            }
            if (!clash) {
                return port;
            }
        }
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
        }
        return properties;
    }

    /** Backslashes are escapes in properties files. */
    private static String escape(String path) {
        return path.replace("\\", "\\\\");
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "\n--- " + file + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void closeQuietly(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the child is gone anyway
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code --data DIR [--port N]}: runs a broker in the foreground until this process is stopped. */
    public static void main(String[] args) throws Exception {
        Path data = null;
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: KafkaBroker --data DIR [--port N]   (N = 0: a free port)");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--data DIR [--port N])");
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required");
        }
        KafkaBroker broker = start(data, port);
        System.out.println("KAFKA_BOOTSTRAP=" + broker.bootstrapServers());
        System.out.flush();
        Process p;
        synchronized (broker) {
            p = broker.process;
        }
        int exit = p.waitFor();
        // reached when the broker exits by itself; a SIGTERM to this JVM stops it through the shutdown hook
        System.err.println("Kafka exited with " + exit + "; log: " + broker.logFile());
        System.exit(exit == 0 ? 0 : 1);
    }
}
