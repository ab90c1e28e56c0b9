package dev.brisk.core.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process bus of the standalone platform (OpenWhisk's lean messaging): every topic is an append-only log in
 * memory, each consumer group keeps a committed offset into it. Nothing survives the JVM, like a lean deployment.
 */
public final class LocalMessageBus implements MessageBus {
    private final Map<String, TopicLog> topics = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public void ensureTopic(String topic) {
        log(topic);
    }

    private TopicLog log(String topic) {
        return topics.computeIfAbsent(topic, t -> new TopicLog());
    }

    @Override
    public MessageProducer producer() {
        return new MessageProducer() {
            @Override
            public CompletionStage<Void> send(String topic, byte[] message) {
                if (closed) {
                    return CompletableFuture.failedFuture(new IllegalStateException("bus closed"));
                }
                log(topic).append(message);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public MessageConsumer consumer(String topic, String group) {
        TopicLog log = log(topic);
        return new MessageConsumer() {
            private long position = log.committed(group);

            @Override
            public List<byte[]> poll(Duration timeout, int max) {
                List<byte[]> batch = log.read(position, max, timeout);
                position += batch.size();
                return batch;
            }

            @Override
            public void commit() {
                log.commit(group, position);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public boolean isAvailable() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        topics.values().forEach(TopicLog::wakeAll);
    }

    /** An append-only log with committed offsets per group; consumed prefixes are dropped to bound memory. */
    private static final class TopicLog {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition appended = lock.newCondition();
        private final List<byte[]> messages = new ArrayList<>();
        private final Map<String, Long> committed = new ConcurrentHashMap<>();
        private long base; // offset of messages.get(0)
        private boolean closed;

        void append(byte[] message) {
            lock.lock();
            try {
                messages.add(message);
                appended.signalAll();
            } finally {
                lock.unlock();
            }
        }

        long committed(String group) {
            lock.lock();
            try {
                // a new group starts at the oldest retained message, like Kafka's auto.offset.reset=earliest
                return committed.computeIfAbsent(group, g -> base);
            } finally {
                lock.unlock();
            }
        }

        void commit(String group, long offset) {
            lock.lock();
            try {
                committed.put(group, offset);
                long min = committed.values().stream().mapToLong(Long::longValue).min().orElse(base);
                int drop = (int) Math.max(0, Math.min(min - base, messages.size()));
                if (drop > 1024) {
                    messages.subList(0, drop).clear();
                    base += drop;
                }
            } finally {
                lock.unlock();
            }
        }

        List<byte[]> read(long from, int max, Duration timeout) {
            lock.lock();
            try {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!closed && base + messages.size() <= from) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return List.of();
                    }
                    appended.await(left, TimeUnit.NANOSECONDS);
                }
                if (closed) {
                    return List.of();
                }
                // a position behind the retained log (another consumer of the group committed past it): skip ahead
                int start = (int) Math.max(0, from - base);
                int end = Math.min(messages.size(), start + max);
                return new ArrayList<>(messages.subList(start, end));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } finally {
                lock.unlock();
            }
        }

        void wakeAll() {
            lock.lock();
            try {
                closed = true;
                appended.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
