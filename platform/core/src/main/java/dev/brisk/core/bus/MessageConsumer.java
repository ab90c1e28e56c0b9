package dev.brisk.core.bus;

import java.time.Duration;
import java.util.List;

/**
 * Pulls messages of one topic for one consumer group. Not thread-safe (like Kafka's consumer): one thread polls.
 * Messages returned by {@link #poll} are delivered again to the group after a restart unless {@link #commit} ran.
 */
public interface MessageConsumer extends AutoCloseable {
    /** Up to {@code max} messages, waiting at most {@code timeout} for the first one. */
    List<byte[]> poll(Duration timeout, int max);

    /** Marks every message returned so far as consumed. */
    void commit();

    @Override
    void close();
}
