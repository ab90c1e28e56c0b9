package dev.brisk.bus.kafka;

import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.MessageConsumer;
import dev.brisk.core.bus.MessageProducer;
import dev.brisk.testbed.support.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bus across broker outages: its own broker, restarted and killed while a consumer keeps polling. */
class KafkaBusFaultTest {
    private static final long PATIENCE_MS = 60_000;

    @TempDir
    Path data;
    KafkaBroker broker;
    MessageBus bus;

    @AfterEach
    void tearDown() {
        if (bus != null) {
            bus.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void cleanRestartWhileConsumerPolls() throws Exception {
        outageWhileConsumerPolls(false);
    }

    @Test
    void crashAndRestartWhileConsumerPolls() throws Exception {
        outageWhileConsumerPolls(true);
    }

    private void outageWhileConsumerPolls(boolean crash) throws Exception {
        broker = KafkaBroker.start(data.resolve("kafka"));
        bus = new KafkaBusProvider().open(Map.of("bootstrap-servers", broker.bootstrapServers()));
        String topic = "fault-" + System.nanoTime();
        String group = "fault-group";
        bus.ensureTopic(topic);
        assertTrue(bus.isAvailable());
        MessageProducer producer = bus.producer();

        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger committed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger commitFailures = new AtomicInteger();
        Thread poller = Thread.ofPlatform().name("poller").start(() -> {
            try (MessageConsumer consumer = bus.consumer(topic, group)) {
                List<String> pending = new ArrayList<>();
                while (!stop.get()) {
                    for (byte[] message : consumer.poll(Duration.ofMillis(200), 10)) {
                        pending.add(new String(message, StandardCharsets.UTF_8));
                    }
                    if (!pending.isEmpty()) {
                        try {
                            consumer.commit();
                            received.addAll(pending);
                            committed.addAndGet(pending.size());
                            pending.clear();
                        } catch (KafkaBusException e) {
                            // broker down: keep them pending, commit again on the next round
                            commitFailures.incrementAndGet();
                        }
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            send(producer, topic, "before", 10);
            await(() -> committed.get() >= 10, "10 messages received and committed before the outage");

            if (crash) {
                broker.kill();
            } else {
                broker.stop();
            }
            await(() -> !bus.isAvailable(), "isAvailable() false while the broker is down");
            assertFalse(bus.isAvailable());
            Thread.sleep(1_000); // the consumer keeps polling against a dead broker
            if (crash) {
                broker.resume();
            } else {
                broker.restart();
            }
            await(bus::isAvailable, "isAvailable() true after the restart");

            send(producer, topic, "after", 10);
            await(() -> committed.get() >= 20, "messages sent after the restart are delivered");
            Thread.sleep(1_000); // time for a wrong redelivery to show up
        } finally {
            stop.set(true);
            poller.join(30_000);
        }
        assertNull(failure.get(), () -> "poller failed: " + failure.get());
        List<String> expected = new ArrayList<>();
        for (String prefix : List.of("before", "after")) {
            for (int i = 0; i < 10; i++) {
                expected.add(prefix + i);
            }
        }
        assertEquals(expected, received, "every message once, in order");
        System.out.println("fault test (" + (crash ? "SIGKILL" : "clean stop") + "): commit failures during outage: "
                + commitFailures.get());

        // committed messages are not redelivered to a new member of the group
        try (MessageConsumer again = bus.consumer(topic, group)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                List<byte[]> batch = again.poll(Duration.ofMillis(500), 10);
                assertTrue(batch.isEmpty(), "redelivered after commit: " + batch.size());
            }
        }
    }

    @Test
    void sendDuringOutageIsDeliveredAfterRestart() throws Exception {
        broker = KafkaBroker.start(data.resolve("kafka"));
        bus = new KafkaBusProvider().open(Map.of("bootstrap-servers", broker.bootstrapServers()));
        String topic = "outage-" + System.nanoTime();
        bus.ensureTopic(topic);
        MessageProducer producer = bus.producer();
        producer.send(topic, "first".getBytes()).toCompletableFuture().get(30, TimeUnit.SECONDS); // metadata cached
        broker.stop();
        CompletableFuture<Void> during = producer.send(topic, "during".getBytes()).toCompletableFuture();
        Thread.sleep(500);
        assertFalse(during.isDone(), "the send waits for the broker (retries within delivery.timeout.ms)");
        broker.resume();
        during.get(PATIENCE_MS, TimeUnit.MILLISECONDS);
        try (MessageConsumer consumer = bus.consumer(topic, "outage-group")) {
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
            while (got.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500), 10).forEach(b -> got.add(new String(b)));
            }
            assertEquals(List.of("first", "during"), got);
        }
    }

    private static void send(MessageProducer producer, String topic, String prefix, int n) throws Exception {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(producer.send(topic, (prefix + i).getBytes(StandardCharsets.UTF_8)).toCompletableFuture());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(PATIENCE_MS, TimeUnit.MILLISECONDS);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(100);
        }
    }
}
