package dev.brisk.core.bus;

/**
 * Topics between controllers and invokers, shaped on Kafka: a producer sends to a named topic, consumers pull in
 * consumer groups (each group sees every message once), and offsets are committed after the work is taken.
 * Implementations: the in-process bus, Kafka. All of them pass {@code MessageBusContract}.
 */
public interface MessageBus extends AutoCloseable {

    /** Creates the topic if it does not exist (Kafka needs it before consumers subscribe). */
    void ensureTopic(String topic);

    MessageProducer producer();

    /** A consumer of {@code topic} in consumer group {@code group}, starting after the group's last commit. */
    MessageConsumer consumer(String topic, String group);

    /** Whether the broker answers; feeds the readiness check. */
    boolean isAvailable();

    @Override
    void close();
}
