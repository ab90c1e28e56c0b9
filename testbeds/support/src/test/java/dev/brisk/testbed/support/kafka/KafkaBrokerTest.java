package dev.brisk.testbed.support.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaBrokerTest {
    private static final String TOPIC = "brisk-broker-test";
    private static final String GROUP = "brisk-broker-test-group";

    @Test
    void producesConsumesAndKeepsCommittedOffsetsAcrossRestart(@TempDir Path dir) throws Exception {
        KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
        try {
            String bootstrap = broker.bootstrapServers();
            assertTrue(bootstrap.startsWith("127.0.0.1:"), bootstrap);
            send(bootstrap, "first");

            try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
                List<String> got = poll(consumer, 1);
                assertEquals(List.of("first"), got);
                consumer.commitSync();
            }

            broker.restart();
            assertTrue(broker.isRunning());
            assertEquals(bootstrap, broker.bootstrapServers(), "restart keeps the port");

            try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        consumer.committed(Set.of(new TopicPartition(TOPIC, 0)), Duration.ofSeconds(30));
                OffsetAndMetadata offset = committed.get(new TopicPartition(TOPIC, 0));
                assertNotNull(offset, "committed offset survives the restart");
                assertEquals(1, offset.offset());
                send(bootstrap, "second");
                // resumes after the commit: "first" is not delivered again
                assertEquals(List.of("second"), poll(consumer, 1));
            }
            assertTrue(Files.size(broker.logFile()) > 0, "the broker logs to " + broker.logFile());
        } finally {
            broker.stop();
        }
        assertFalse(broker.isRunning());
    }

    @Test
    void killThenResumeKeepsTheData(@TempDir Path dir) throws Exception {
        KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
        try {
            send(broker.bootstrapServers(), "before-kill");
            broker.kill();
            assertFalse(broker.isRunning());
            broker.resume();
            try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers())) {
                assertEquals(List.of("before-kill"), poll(consumer, 1));
            }
        } finally {
            broker.stop();
        }
    }

    private static void send(String bootstrap, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    private static List<String> poll(KafkaConsumer<String, String> consumer, int n) {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (got.size() < n && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                got.add(record.value());
            }
        }
        return got;
    }
}
