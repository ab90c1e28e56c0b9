package dev.brisk.bus.kafka;

import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.MessageConsumer;
import dev.brisk.core.bus.MessageProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bus on Kafka: one shared idempotent producer per bus ({@code acks=all}, {@code linger.ms=0}), one
 * {@link org.apache.kafka.clients.consumer.KafkaConsumer} per {@link #consumer} (manual commits), one admin client
 * for {@link #ensureTopic} and {@link #isAvailable}. Clients are created on first use, so opening the bus never
 * touches the network; every client call is bounded by the timeouts in {@link KafkaBusSettings}.
 */
public final class KafkaMessageBus implements MessageBus {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long AVAILABILITY_CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int AVAILABILITY_TIMEOUT_MS = 1_500;

    private final KafkaBusSettings settings;
    private final String clientPrefix;
    private final AtomicInteger consumerCount = new AtomicInteger();
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private final Set<KafkaMessageConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private KafkaProducer<String, byte[]> producer;
    private Admin admin;
    private volatile boolean closed;

    private final Object availabilityLock = new Object();
    private long availabilityCheckedAt;
    private boolean available;

    public KafkaMessageBus(KafkaBusSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clientPrefix = "brisk-" + INSTANCES.incrementAndGet();
    }

    public KafkaBusSettings settings() {
        return settings;
    }

    @Override
    public void ensureTopic(String topic) {
        checkOpen();
        if (ensured.contains(topic)) {
            return;
        }
        NewTopic newTopic = new NewTopic(topic, settings.partitions(), settings.replicationFactor())
                .configs(settings.topicConfig());
        try {
            admin().createTopics(List.of(newTopic)).all()
                    .get(KafkaBusSettings.DEFAULT_API_TIMEOUT_MS + 2_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaBusException("cannot create topic " + topic + " on " + settings.bootstrapServers()
                        + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new KafkaBusException("cannot create topic " + topic + " on " + settings.bootstrapServers()
                    + ": no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBusException("interrupted while creating topic " + topic, e);
        }
        ensured.add(topic);
    }

    @Override
    public MessageProducer producer() {
        checkOpen();
        KafkaProducer<String, byte[]> shared = sharedProducer();
        return new MessageProducer() {
            @Override
            public CompletionStage<Void> send(String topic, byte[] message) {
                return KafkaMessageBus.this.send(shared, topic, message);
            }

            /** The producer is shared by the bus: closing a view leaves it open; {@link #close()} of the bus closes it. */
            @Override
            public void close() {
            }
        };
    }

    private CompletionStage<Void> send(KafkaProducer<String, byte[]> shared, String topic, byte[] message) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("bus closed"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            // Returns at once once the topic's metadata is known; the first send to a topic may wait up to max.block.ms.
            shared.send(new ProducerRecord<>(topic, message), (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new KafkaBusException("send to " + topic + " failed: " + error, error));
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(closed ? new IllegalStateException("bus closed", e)
                    : new KafkaBusException("send to " + topic + " failed: " + e, e));
        }
        return done;
    }

    @Override
    public MessageConsumer consumer(String topic, String group) {
        checkOpen();
        String clientId = clientPrefix + "-consumer-" + consumerCount.incrementAndGet() + "-" + group;
        KafkaMessageConsumer consumer = new KafkaMessageConsumer(this, topic,
                settings.consumerConfig(group, clientId));
        consumers.add(consumer);
        if (closed) { // closed meanwhile
            consumer.close();
        }
        return consumer;
    }

    void forget(KafkaMessageConsumer consumer) {
        consumers.remove(consumer);
    }

    boolean isClosed() {
        return closed;
    }

    /** Whether a broker answers {@code describeCluster} within 1.5 s; the answer is cached for a second. */
    @Override
    public boolean isAvailable() {
        if (closed) {
            return false;
        }
        synchronized (availabilityLock) {
            long now = System.nanoTime();
            if (availabilityCheckedAt != 0 && now - availabilityCheckedAt < AVAILABILITY_CACHE_NANOS) {
                return available && !closed;
            }
            boolean answer;
            try {
                answer = !admin().describeCluster(new DescribeClusterOptions().timeoutMs(AVAILABILITY_TIMEOUT_MS))
                        .nodes().get(AVAILABILITY_TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).isEmpty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = false;
            } catch (Exception e) {
                answer = false;
            }
            available = answer;
            availabilityCheckedAt = System.nanoTime();
            return answer && !closed;
        }
    }

    @Override
    public void close() {
        KafkaProducer<String, byte[]> p;
        Admin a;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            p = producer;
            a = admin;
            producer = null;
            admin = null;
        }
        for (KafkaMessageConsumer consumer : List.copyOf(consumers)) {
            consumer.closeFromBus();
        }
        if (p != null) {
            // waits for sends in flight, at most a few seconds
            p.close(Duration.ofSeconds(5));
        }
        if (a != null) {
            a.close(Duration.ofSeconds(2));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("bus closed");
        }
    }

    private KafkaProducer<String, byte[]> sharedProducer() {
        synchronized (lock) {
            checkOpen();
            if (producer == null) {
                producer = new KafkaProducer<>(settings.producerConfig(clientPrefix + "-producer"),
                        new StringSerializer(), new ByteArraySerializer());
            }
            return producer;
        }
    }

    private Admin admin() {
        synchronized (lock) {
            checkOpen();
            if (admin == null) {
                admin = Admin.create(settings.adminConfig(clientPrefix + "-admin"));
            }
            return admin;
        }
    }

    @Override
    public String toString() {
        return "KafkaMessageBus[" + settings.bootstrapServers() + (closed ? ", closed" : "") + "]";
    }
}
