package dev.brisk.bus.kafka;

import dev.brisk.core.bus.BusProvider;
import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.MessageBusContract;
import dev.brisk.core.bus.MessageConsumer;
import dev.brisk.core.bus.MessageProducer;
import dev.brisk.testbed.support.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bus contract against a real single-node broker (child JVM), shared by every test of the class. */
class KafkaMessageBusTest extends MessageBusContract {
    @TempDir
    static Path data;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(data.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Override
    protected MessageBus newBus() {
        return open(Map.of());
    }

    private static MessageBus open(Map<String, String> extra) {
        BusProvider provider = ServiceLoader.load(BusProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("kafka"))
                .findFirst().orElseThrow();
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put("bootstrap-servers", broker.bootstrapServers());
        return provider.open(settings);
    }

    @Test
    void largeMessagesUpToOneMegabytePass() throws Exception {
        String topic = unique("large");
        bus.ensureTopic(topic);
        byte[] big = new byte[1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        big[0] = 1;
        big[big.length - 1] = 2;
        MessageProducer producer = bus.producer();
        producer.send(topic, big).toCompletableFuture().get(30, TimeUnit.SECONDS);
        try (MessageConsumer consumer = bus.consumer(topic, unique("group"))) {
            List<byte[]> got = List.of();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got = consumer.poll(Duration.ofMillis(500), 1);
            }
            assertEquals(1, got.size());
            assertArrayEquals(big, got.get(0));
        }
        // over the limit: the send fails, it does not hang
        byte[] huge = new byte[KafkaBusSettings.DEFAULT_MAX_MESSAGE_BYTES + 1];
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> producer.send(topic, huge).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(KafkaBusException.class, e.getCause());
    }

    @Test
    void surplusOfAKafkaPollIsHandedOutLaterAndCommitCoversOnlyWhatWasHandedOut() throws Exception {
        String topic = unique("surplus");
        String group = unique("group");
        bus.ensureTopic(topic);
        MessageProducer producer = bus.producer();
        for (int i = 0; i < 30; i++) {
            producer.send(topic, ("m" + i).getBytes()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        try (MessageConsumer first = bus.consumer(topic, group)) {
            List<byte[]> batch = List.of();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (batch.isEmpty() && System.nanoTime() < deadline) {
                batch = first.poll(Duration.ofMillis(500), 3);
            }
            assertEquals(List.of("m0", "m1", "m2"), batch.stream().map(String::new).toList());
            // the surplus (m3..) is buffered: the next poll answers without waiting
            long start = System.nanoTime();
            List<byte[]> next = first.poll(Duration.ofSeconds(10), 2);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            assertEquals(List.of("m3", "m4"), next.stream().map(String::new).toList());
            first.commit();
        }
        try (MessageConsumer second = bus.consumer(topic, group)) {
            List<byte[]> batch = List.of();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (batch.isEmpty() && System.nanoTime() < deadline) {
                batch = second.poll(Duration.ofMillis(500), 1);
            }
            assertEquals(List.of("m5"), batch.stream().map(String::new).toList());
        }
    }

    /** Draining the buffer slowly (longer than max.poll.interval.ms) keeps the group membership: commit works. */
    @Test
    void slowDrainOfTheBufferKeepsTheMembership() throws Exception {
        String topic = unique("slow");
        String group = unique("group");
        try (MessageBus shortInterval = open(Map.of("kafka-consumer.max.poll.interval.ms", "1500"))) {
            shortInterval.ensureTopic(topic);
            MessageProducer producer = shortInterval.producer();
            for (int i = 0; i < 20; i++) {
                producer.send(topic, ("m" + i).getBytes()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            try (MessageConsumer consumer = shortInterval.consumer(topic, group)) {
                List<String> got = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500), 1).forEach(b -> got.add(new String(b)));
                }
                for (int i = 0; i < 6; i++) { // 3.6 s with a 1.5 s poll interval, served from the buffer
                    Thread.sleep(600);
                    consumer.poll(Duration.ofMillis(500), 1).forEach(b -> got.add(new String(b)));
                }
                assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6"), got);
                consumer.commit();
            }
            try (MessageConsumer next = shortInterval.consumer(topic, group)) {
                List<byte[]> batch = List.of();
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (batch.isEmpty() && System.nanoTime() < deadline) {
                    batch = next.poll(Duration.ofMillis(500), 1);
                }
                assertEquals(List.of("m7"), batch.stream().map(String::new).toList());
            }
        }
    }

    @Test
    void unreachableBrokerFailsFastWithAnException() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (MessageBus dead = new KafkaBusProvider().open(Map.of("bootstrap-servers", "127.0.0.1:" + port))) {
            long start = System.nanoTime();
            assertTrue(!dead.isAvailable());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "isAvailable is bounded");
            start = System.nanoTime();
            assertThrows(KafkaBusException.class, () -> dead.ensureTopic("nowhere"));
            start = System.nanoTime();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> dead.producer().send("nowhere", new byte[1]).toCompletableFuture().get(60, TimeUnit.SECONDS));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 20_000, "send failed after " + ms + " ms");
            System.out.println("send to an unreachable broker failed after " + ms + " ms: " + e.getCause());
        }
    }

    @Test
    void passThroughSettingsReachTheClients() {
        KafkaBusSettings settings = KafkaBusSettings.from(Map.of(
                "bootstrap-servers", "a:1,b:2",
                "kafka.security.protocol", "SSL",
                "kafka-producer.linger.ms", "5",
                "kafka-consumer.max.poll.records", "50",
                "kafka-topic.retention.ms", "60000",
                "topic-prefix", "ignored"));
        assertEquals("SSL", settings.producerConfig("p").get("security.protocol"));
        assertEquals("SSL", settings.consumerConfig("g", "c").get("security.protocol"));
        assertEquals("SSL", settings.adminConfig("a").get("security.protocol"));
        assertEquals("5", settings.producerConfig("p").get("linger.ms"));
        assertEquals("50", settings.consumerConfig("g", "c").get("max.poll.records"));
        assertEquals("a:1,b:2", settings.consumerConfig("g", "c").get("bootstrap.servers"));
        assertEquals("60000", settings.topicConfig().get("retention.ms"));
        assertEquals("all", settings.producerConfig("p").get("acks"));
        assertEquals(false, settings.consumerConfig("g", "c").get("enable.auto.commit"));
        assertEquals("127.0.0.1:9092", KafkaBusSettings.from(Map.of()).bootstrapServers());
    }

    /**
     * Not an assertion on time: prints p50/p99 of sequential produce -> consume round trips (1 KB), twice: the
     * first 1,000 include the JIT warm-up of broker and clients, the second 1,000 are warm.
     */
    @Test
    void roundTripLatency() throws Exception {
        String topic = unique("latency");
        bus.ensureTopic(topic);
        MessageProducer producer = bus.producer();
        int n = 1000;
        try (MessageConsumer consumer = bus.consumer(topic, unique("group"))) {
            // join the group, fetch metadata, first produce
            producer.send(topic, new byte[]{0}).toCompletableFuture().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (consumer.poll(Duration.ofMillis(500), 10).isEmpty() && System.nanoTime() < deadline) {
                // waiting for the first message
            }
            for (String round : List.of("cold", "warm")) {
                long[] nanos = new long[n];
                byte[] payload = new byte[1024];
                for (int i = 0; i < n; i++) {
                    ByteBuffer.wrap(payload).putInt(i);
                    long start = System.nanoTime();
                    producer.send(topic, payload);
                    List<byte[]> got = List.of();
                    while (got.isEmpty()) {
                        got = consumer.poll(Duration.ofSeconds(10), 1);
                        if (got.isEmpty() && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
                            throw new AssertionError("message " + i + " not received");
                        }
                    }
                    nanos[i] = System.nanoTime() - start;
                    assertEquals(i, ByteBuffer.wrap(got.get(0)).getInt());
                }
                consumer.commit();
                Arrays.sort(nanos);
                System.out.printf("KAFKA-BUS round trip produce->consume, %s, %d x 1 KB sequential: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        round, n, nanos[n / 2] / 1e6, nanos[n * 99 / 100] / 1e6, nanos[n - 1] / 1e6);
            }
        }
    }
}
