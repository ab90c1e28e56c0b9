package dev.brisk.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.entity.RuntimeKind;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import dev.brisk.runtimes.process.ProcessContainerFactory;
import dev.brisk.testbed.support.kafka.KafkaBroker;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The machine's floors, each measured sequentially (one request in flight) with the same clients the scenarios use. */
final class Floors {
    static final String NOOP_JS = "function main(params) { return {}; }";
    private static final Duration PROXY_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final Path work;

    Floors(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    /** A loopback HTTP round trip: JDK HttpServer on 127.0.0.1 answering {} to a POST, JDK HttpClient. */
    Stats http() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        server.setExecutor(pool);
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            HttpClient client = Api.client(false);
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/run");
            return Load.run("floor.http", "loopback HTTP round trip (JDK server + client)", 1,
                    settings.floorWarmup(), settings.floorSeconds(), (c, n) -> {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                        return r.statusCode() == 200 ? null : "status " + r.statusCode();
                    });
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /**
     * Kafka produce→consume round trip on a real broker started here (acks=all, idempotent, linger.ms=0 as the
     * platform's producer; a consumer assigned to the partition). Started with a time budget: past it, skipped.
     */
    Stats kafka() {
        String label = "Kafka produce→consume round trip (1 broker, acks=all)";
        if (settings.kafkaBudgetSeconds() <= 0) {
            return Stats.notMeasured("floor.kafka", label, "skipped (--kafka-budget 0)");
        }
        Path dir = work.resolve("kafka");
        long t0 = System.nanoTime();
        CompletableFuture<KafkaBroker> starting = CompletableFuture.supplyAsync(() -> KafkaBroker.start(dir));
        KafkaBroker broker;
        try {
            broker = starting.get(settings.kafkaBudgetSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // the broker keeps starting in the background; stop it once it is up
            starting.thenAccept(KafkaBroker::stop);
            return Stats.notMeasured("floor.kafka", label, "skipped: the broker was not up within the "
                    + settings.kafkaBudgetSeconds() + " s budget" + (settings.shortMode() ? " of --short" : ""));
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Stats.notMeasured("floor.kafka", label, "broker did not start: " + firstLine(cause.getMessage()));
        }
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        String topic = "brisk-bench-floor";
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            producer.send(new ProducerRecord<>(topic, new byte[]{0})).get(30, TimeUnit.SECONDS); // creates the topic
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition, Duration.ofSeconds(30));
            byte[] payload = new byte[1024]; // an ActivationMessage is about 1 KB
            Stats stats = Load.run("floor.kafka", label, 1, settings.floorWarmup(), settings.floorSeconds() + 1, (c, n) -> {
                byte[] key = Long.toString(n).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, payload));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        if (new String(record.key(), StandardCharsets.UTF_8).equals(Long.toString(n))) {
                            return null;
                        }
                    }
                }
                return "message " + n + " not consumed within 10 s";
            });
            return stats.with("broker start s", round(startSeconds));
        } catch (Exception e) {
            return Stats.notMeasured("floor.kafka", label, "failed: " + firstLine(e.toString()));
        } finally {
            broker.stop();
        }
    }

    /** The process container factory the platform uses (bubblewrap when it works here). */
    ProcessContainerFactory factory() {
        return new ProcessContainerFactory(Map.of("work-dir", work.resolve("c").toString()));
    }

    static ContainerSpec nodeSpec() {
        RuntimeKind kind = RuntimeManifest.standard().resolve("nodejs:default").orElseThrow();
        return new ContainerSpec("bench", kind, 256, Map.of("__OW_API_HOST", "http://127.0.0.1"));
    }

    static ObjectNode initBody(String code) {
        ObjectNode value = Json.object().put("name", "noop").put("main", "main").put("code", code).put("binary", false);
        value.set("env", Json.object());
        ObjectNode body = Json.object();
        body.set("value", value);
        return body;
    }

    static ObjectNode runBody() {
        ObjectNode body = Json.object();
        body.set("value", Json.object());
        body.put("namespace", "guest").put("action_name", "/guest/noop").put("action_version", "0.0.1")
                .put("activation_id", "0123456789abcdef0123456789abcdef").put("transaction_id", "bench")
                .put("deadline", Long.toString(System.currentTimeMillis() + 600_000)).put("api_key", "uuid:key");
        return body;
    }

    /** A bare /run on a warm nodejs proxy started by the process factory. */
    Stats proxyRun(ProcessContainerFactory factory) {
        String label = "bare /run on a warm nodejs proxy (" + factory.sandboxStatus() + ")";
        Container c = null;
        try {
            c = factory.create(nodeSpec());
            RuntimeResponse init = c.init(initBody(NOOP_JS), PROXY_TIMEOUT);
            if (!init.ok()) {
                return Stats.notMeasured("floor.proxy-run", label, "/init answered " + init.status() + " " + init.body());
            }
            Container warm = c;
            ObjectNode body = runBody();
            return Load.run("floor.proxy-run", label, 1, settings.floorWarmup(), settings.floorSeconds(), (cl, n) -> {
                RuntimeResponse r = warm.run(body, PROXY_TIMEOUT);
                warm.logs(1 << 20, false); // drain what the proxy wrote (without waiting for the sentinels)
                return r.ok() ? null : "/run answered " + r.status() + " " + r.failure();
            });
        } catch (Exception e) {
            return Stats.notMeasured("floor.proxy-run", label, "failed: " + firstLine(e.toString()));
        } finally {
            if (c != null) {
                c.destroy();
            }
        }
    }

    /** Proxy start + /init through the process factory (create + init), destroyed after each (not timed). */
    Stats proxyStartInit(ProcessContainerFactory factory) {
        String label = "bare nodejs proxy start + /init (process factory, " + factory.sandboxStatus() + ")";
        Histogram h = Load.histogram();
        Histogram initOnly = Load.histogram();
        int n = settings.startCount();
        String error = null;
        long errors = 0;
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(Math.max(10, n * 2L));
        for (int i = 0; i < n + 1 && System.nanoTime() < deadline; i++) {
            Container c = null;
            try {
                long start = System.nanoTime();
                c = factory.create(nodeSpec());
                RuntimeResponse init = c.init(initBody(NOOP_JS), PROXY_TIMEOUT);
                long end = System.nanoTime();
                if (!init.ok()) {
                    errors++;
                    error = "/init answered " + init.status();
                } else if (i > 0) { // the first one warms the factory (interpreter lookup, class loading)
                    h.recordValue(Math.max(1, (end - start) / 1000));
                    initOnly.recordValue(Math.max(1, init.millis() * 1000));
                }
            } catch (Exception e) {
                errors++;
                error = firstLine(e.toString());
            } finally {
                if (c != null) {
                    c.destroy();
                }
            }
        }
        Stats s = new Stats("floor.proxy-start-init", label, 1, h.getTotalCount(), errors, (System.nanoTime() - t0) / 1e9, h, error);
        if (initOnly.getTotalCount() > 0) {
            s.with("/init alone p50 ms", round(initOnly.getValueAtPercentile(50) / 1000.0));
        }
        return s;
    }

    /** {@code node -e 0} / {@code python3 -c 0} started and waited for, N times. */
    Stats interpreter(String id, List<String> command) {
        String label = "bare interpreter start: " + String.join(" ", command);
        Histogram h = Load.histogram();
        int n = settings.startCount();
        String error = null;
        long errors = 0;
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(Math.max(10, n));
        for (int i = 0; i < n + 1 && System.nanoTime() < deadline; i++) {
            try {
                long start = System.nanoTime();
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    errors++;
                    error = "did not exit within 10 s";
                    continue;
                }
                long end = System.nanoTime();
                if (p.exitValue() != 0) {
                    errors++;
                    error = "exit " + p.exitValue();
                } else if (i > 0) { // the first run fills the page cache
                    h.recordValue(Math.max(1, (end - start) / 1000));
                }
            } catch (IOException e) {
                return Stats.notMeasured(id, label, "cannot run: " + firstLine(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Stats(id, label, 1, h.getTotalCount(), errors, (System.nanoTime() - t0) / 1e9, h, error);
    }

    /**
     * {@code docker run} of a nodejs action image to the first 200 of its {@code /init}, where a Docker engine
     * answers ({@code docker info}) and the image is present (nothing can be pulled here).
     */
    Stats dockerRunInit() {
        String image = settings.dockerImage();
        String label = "docker run + /init (" + image + ")";
        String id = "floor.docker-run-init";
        try {
            if (run(List.of("docker", "info"), 10).exit != 0) {
                return Stats.notMeasured(id, label, "not measured: no Docker engine");
            }
            if (run(List.of("docker", "image", "inspect", image), 20).exit != 0) {
                return Stats.notMeasured(id, label, "not measured: image " + image + " not present (set --docker-image)");
            }
        } catch (IOException e) {
            return Stats.notMeasured(id, label, "not measured: no Docker engine (" + firstLine(e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Stats.notMeasured(id, label, "interrupted");
        }
        Histogram h = Load.histogram();
        HttpClient client = Api.client(false);
        String error = null;
        long errors = 0;
        int n = Math.max(3, settings.startCount() / 2);
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(Math.max(30, n * 5L));
        String body = initBody(NOOP_JS).toString();
        for (int i = 0; i < n + 1 && System.nanoTime() < deadline; i++) {
            String container = null;
            try {
                long start = System.nanoTime();
                Result r = run(List.of("docker", "run", "-d", "--rm", "-p", "127.0.0.1::8080", image), 60);
                if (r.exit != 0) {
                    errors++;
                    error = "docker run: " + firstLine(r.output);
                    continue;
                }
                container = r.output.trim();
                Result port = run(List.of("docker", "port", container, "8080/tcp"), 20);
                String hostPort = firstLine(port.output).trim().replaceAll(".*:", "");
                URI init = URI.create("http://127.0.0.1:" + hostPort + "/init");
                boolean done = false;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!done && System.nanoTime() < until) {
                    try {
                        HttpResponse<String> a = client.send(HttpRequest.newBuilder(init).timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        done = a.statusCode() == 200;
                        if (!done) {
                            error = "/init answered " + a.statusCode();
                            break;
                        }
                    } catch (IOException e) {
                        Thread.sleep(5);
                    }
                }
                long end = System.nanoTime();
                if (done && i > 0) {
                    h.recordValue(Math.max(1, (end - start) / 1000));
                } else if (!done) {
                    errors++;
                }
            } catch (IOException e) {
                errors++;
                error = firstLine(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                if (container != null) {
                    try {
                        run(List.of("docker", "rm", "-f", container), 30);
                    } catch (IOException | InterruptedException ignored) {
                        // best effort
                    }
                }
            }
        }
        return new Stats(id, label, 1, h.getTotalCount(), errors, (System.nanoTime() - t0) / 1e9, h, error);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + timeoutSeconds + " s");
        }
        try {
            return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS));
        } catch (Exception e) {
            return new Result(p.exitValue(), "");
        }
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
