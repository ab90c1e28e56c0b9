package dev.brisk.core.bus;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link MessageBus} must have (the in-process bus, Kafka). Each test uses fresh topic and
 * group names, so a shared broker is fine. A new group starts at the oldest retained message (Kafka's
 * {@code auto.offset.reset=earliest}). Time bounds are generous: a broker's first poll includes joining the group.
 */
public abstract class MessageBusContract {
    /** Upper bound for anything that should be prompt; large enough for a Kafka group join. */
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    protected MessageBus bus;

    /** A new bus; the contract closes it after each test. */
    protected abstract MessageBus newBus();

    @BeforeEach
    void openBus() {
        bus = newBus();
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    protected static String unique(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] msg(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private String topic() {
        String topic = unique("topic");
        bus.ensureTopic(topic);
        return topic;
    }

    private void send(String topic, int from, int to) throws Exception {
        try (MessageProducer producer = bus.producer()) {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = from; i < to; i++) {
                sent.add(producer.send(topic, msg("m" + i)).toCompletableFuture());
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Polls until {@code n} messages arrived (never more: {@code max} shrinks), or fails after PATIENCE. */
    private static List<String> receive(MessageConsumer consumer, int n) {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (got.size() < n && System.nanoTime() < deadline) {
            int max = Math.min(n - got.size(), 1000);
            List<byte[]> batch = consumer.poll(Duration.ofMillis(500), max);
            assertTrue(batch.size() <= max, "poll returned " + batch.size() + " > max " + max);
            batch.forEach(b -> got.add(text(b)));
        }
        assertEquals(n, got.size(), "messages received before the deadline");
        return got;
    }

    private static List<String> expected(int from, int to) {
        List<String> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add("m" + i);
        }
        return list;
    }

    @Test
    void messagesArriveInOrder() throws Exception {
        String topic = topic();
        send(topic, 0, 100);
        try (MessageConsumer consumer = bus.consumer(topic, unique("group"))) {
            assertEquals(expected(0, 100), receive(consumer, 100));
        }
    }

    @Test
    void everyGroupGetsEveryMessage() throws Exception {
        String topic = topic();
        try (MessageConsumer a = bus.consumer(topic, unique("a")); MessageConsumer b = bus.consumer(topic, unique("b"))) {
            send(topic, 0, 50);
            assertEquals(expected(0, 50), receive(a, 50));
            assertEquals(expected(0, 50), receive(b, 50));
        }
    }

    @Test
    void committedMessagesAreNotRedeliveredButUncommittedAre() throws Exception {
        String topic = topic();
        String group = unique("group");
        send(topic, 0, 20);
        try (MessageConsumer first = bus.consumer(topic, group)) {
            assertEquals(expected(0, 5), receive(first, 5));
            first.commit();
            assertEquals(expected(5, 10), receive(first, 5)); // taken, never committed
        }
        try (MessageConsumer second = bus.consumer(topic, group)) {
            // resumes after the commit: 0..4 are gone, 5..9 come again, then the rest
            assertEquals(expected(5, 20), receive(second, 15));
            second.commit();
        }
        try (MessageConsumer third = bus.consumer(topic, group)) {
            assertTrue(third.poll(Duration.ofMillis(500), 10).isEmpty(), "everything was committed");
        }
    }

    @Test
    void pollTimesOutEmptyWhenNothingArrives() {
        String topic = topic();
        try (MessageConsumer consumer = bus.consumer(topic, unique("group"))) {
            consumer.poll(Duration.ofMillis(200), 10); // a broker may join the group here
            long start = System.nanoTime();
            List<byte[]> batch = consumer.poll(Duration.ofMillis(200), 10);
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(batch.isEmpty());
            assertTrue(elapsed >= 100, "poll returned after " + elapsed + " ms, before its timeout");
            assertTrue(elapsed < 10_000, "poll returned after " + elapsed + " ms");
        }
    }

    @Test
    void pollReturnsEarlyWhenAMessageArrives() throws Exception {
        String topic = topic();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (MessageConsumer consumer = bus.consumer(topic, unique("group"))) {
            consumer.poll(Duration.ofMillis(200), 10); // join first, so the wait below is for the message only
            timer.schedule(() -> {
                send(topic, 0, 1);
                return null;
            }, 300, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            List<byte[]> batch = new ArrayList<>();
            Duration timeout = Duration.ofSeconds(60);
            while (batch.isEmpty() && System.nanoTime() - start < timeout.toNanos()) {
                batch = consumer.poll(timeout, 10);
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(List.of("m0"), batch.stream().map(MessageBusContract::text).toList());
            assertTrue(elapsed < 20_000, "poll waited " + elapsed + " ms although a message arrived at 300 ms");
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void pollReturnsAtMostMax() throws Exception {
        String topic = topic();
        send(topic, 0, 50);
        try (MessageConsumer consumer = bus.consumer(topic, unique("group"))) {
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (got.size() < 50 && System.nanoTime() < deadline) {
                List<byte[]> batch = consumer.poll(Duration.ofMillis(500), 7);
                assertTrue(batch.size() <= 7, "poll returned " + batch.size());
                batch.forEach(b -> got.add(text(b)));
            }
            assertEquals(expected(0, 50), got);
        }
    }

    @Test
    void manyMessagesAreAllDelivered() throws Exception {
        String topic = topic();
        send(topic, 0, 10_000);
        try (MessageConsumer consumer = bus.consumer(topic, unique("group"))) {
            assertEquals(expected(0, 10_000), receive(consumer, 10_000));
            consumer.commit();
        }
    }

    @Test
    void messagesKeepTheirBytes() throws Exception {
        String topic = topic();
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        try (MessageProducer producer = bus.producer()) {
            producer.send(topic, binary).toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
        try (MessageConsumer consumer = bus.consumer(topic, unique("group"))) {
            List<byte[]> got = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got.addAll(consumer.poll(Duration.ofMillis(500), 10));
            }
            assertEquals(1, got.size());
            assertTrue(java.util.Arrays.equals(binary, got.get(0)));
        }
    }

    @Test
    void sendAfterCloseFails() {
        String topic = topic();
        MessageProducer producer = bus.producer();
        assertTrue(bus.isAvailable());
        bus.close();
        assertFalse(bus.isAvailable());
        // either the call throws or the stage completes exceptionally
        assertThrows(Exception.class, () -> producer.send(topic, msg("late")).toCompletableFuture()
                .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }
}
