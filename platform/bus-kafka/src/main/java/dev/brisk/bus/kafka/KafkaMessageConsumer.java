package dev.brisk.bus.kafka;

import dev.brisk.core.bus.MessageConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@link KafkaConsumer} subscribed to one topic in one group, with manual commits.
 *
 * <p>{@code max}: Kafka's {@code max.poll.records} is fixed when the consumer is created, so a Kafka poll may
 * return more records than the caller's {@code max}. The surplus stays in a buffer (at most
 * {@code max.poll.records}, default 500) and is handed out by the next polls without asking the broker; Kafka is
 * polled again only when the buffer is empty. Records of a partition taken away by a rebalance are dropped from the
 * buffer (the partition's new owner gets them from the last commit). While the buffer is being drained slowly, a
 * paused zero-timeout Kafka poll runs every {@code min(10 s, max.poll.interval.ms / 3)} so that the group does not evict this member for exceeding
 * {@code max.poll.interval.ms}.
 *
 * <p>{@link #commit()} commits, with {@code commitSync}, the offset after the last record handed out per partition:
 * buffered records not yet handed out are not committed. Not thread-safe, like Kafka's consumer, except that the
 * bus may close it from another thread (by {@code wakeup()}).
 */
final class KafkaMessageConsumer implements MessageConsumer {
    private static final long MAX_KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final KafkaMessageBus bus;
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    /** How long the buffer may be drained without polling Kafka: well inside {@code max.poll.interval.ms}. */
    private final long keepAliveNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ConsumerRecord<String, byte[]>> buffer = new ArrayDeque<>();
    /** Per partition: the offset after the last record handed out and not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> handedOut = new HashMap<>();
    private long lastKafkaPoll = System.nanoTime();
    private volatile boolean closed;
    private boolean kafkaClosed;

    KafkaMessageConsumer(KafkaMessageBus bus, String topic, Map<String, Object> config) {
        this.bus = bus;
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        Object interval = config.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        long intervalMs = interval == null ? 300_000 : Long.parseLong(interval.toString().trim());
        this.keepAliveNanos = Math.min(MAX_KEEP_ALIVE_NANOS, TimeUnit.MILLISECONDS.toNanos(intervalMs) / 3);
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }
            });
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    /** Runs inside {@code poll} (the owner thread, lock held): records of lost partitions are not ours any more. */
    private void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        buffer.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
        handedOut.keySet().removeAll(gone);
    }

    @Override
    public List<byte[]> poll(Duration timeout, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        lock.lock();
        try {
            if (!open()) {
                return List.of();
            }
            try {
                if (buffer.isEmpty()) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
                    lastKafkaPoll = System.nanoTime();
                    records.forEach(buffer::add);
                } else if (System.nanoTime() - lastKafkaPoll > keepAliveNanos) {
                    keepAlive();
                }
            } catch (WakeupException e) {
                open(); // closes the Kafka consumer when the bus closed
                return List.of();
            } catch (KafkaException e) {
                throw new KafkaBusException("poll of " + topic + " failed: " + e, e);
            }
            List<byte[]> batch = new ArrayList<>(Math.min(max, buffer.size()));
            while (batch.size() < max && !buffer.isEmpty()) {
                ConsumerRecord<String, byte[]> record = buffer.poll();
                batch.add(record.value() == null ? new byte[0] : record.value());
                handedOut.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Polls Kafka with every partition paused: keeps the membership alive, fetches nothing. */
    private void keepAlive() {
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        try {
            consumer.poll(Duration.ZERO).forEach(buffer::add); // empty while paused
            lastKafkaPoll = System.nanoTime();
        } finally {
            Set<TopicPartition> still = new HashSet<>(assigned);
            still.retainAll(consumer.assignment());
            consumer.resume(still);
        }
    }

    @Override
    public void commit() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(bus.isClosed() ? "bus closed" : "consumer closed");
            }
            if (handedOut.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(handedOut);
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                open();
                throw new IllegalStateException("bus closed during commit", e);
            } catch (KafkaException e) {
                throw new KafkaBusException("commit of " + topic + " failed: " + e, e);
            }
            // what was handed out meanwhile (nothing: single-threaded) or after a partial failure stays
            offsets.forEach((partition, offset) -> handedOut.remove(partition, offset));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            closeKafka(Duration.ofSeconds(5));
        } finally {
            lock.unlock();
        }
    }

    /** From {@link KafkaMessageBus#close()}, any thread: wakes a poll in progress, closes the consumer. */
    void closeFromBus() {
        closed = true;
        consumer.wakeup();
        boolean locked = false;
        try {
            locked = lock.tryLock(5, TimeUnit.SECONDS);
            if (locked) {
                closeKafka(Duration.ofSeconds(2));
            } // else the owner thread closes it on its next call
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /** Whether the consumer may be used; closes the Kafka consumer (lock held) once the bus or this closed. */
    private boolean open() {
        if (closed || bus.isClosed()) {
            closed = true;
            closeKafka(Duration.ofSeconds(2));
            if (!bus.isClosed()) {
                throw new IllegalStateException("consumer closed");
            }
            return false;
        }
        return true;
    }

    private void closeKafka(Duration timeout) {
        if (kafkaClosed) {
            return;
        }
        kafkaClosed = true;
        buffer.clear();
        handedOut.clear();
        bus.forget(this);
        try {
            consumer.close(CloseOptions.timeout(timeout)); // leaves the group: a new member gets the partitions at once
        } catch (RuntimeException e) {
            // nothing more to do: the broker drops the member after session.timeout.ms
        }
    }

    @Override
    public String toString() {
        return "KafkaMessageConsumer[" + topic + (closed ? ", closed" : "") + "]";
    }
}
