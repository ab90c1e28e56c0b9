package dev.brisk.bus.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of the Kafka bus: configuration keys {@code brisk.bus.*} with the prefix stripped.
 * <ul>
 *   <li>{@code bootstrap-servers}: the brokers, default {@code 127.0.0.1:9092};</li>
 *   <li>{@code max-message-bytes}: the largest message, default 1 MiB + 128 KiB (OpenWhisk's 1 MB payload limit
 *       plus envelope); sets the producer's {@code max.request.size} and the topics' {@code max.message.bytes};</li>
 *   <li>{@code partitions} / {@code replication-factor} of topics made by {@code ensureTopic}: default 1 / 1;</li>
 *   <li>{@code kafka.<property>}: passed to every client (producer, consumers, admin), e.g.
 *       {@code kafka.security.protocol=SSL}; {@code kafka-producer.<property>}, {@code kafka-consumer.<property>},
 *       {@code kafka-admin.<property>} to one kind of client only; {@code kafka-topic.<property>} as topic
 *       configuration on creation (e.g. {@code kafka-topic.retention.ms}).</li>
 * </ul>
 * Pass-through properties override the defaults chosen here, the client-specific ones override {@code kafka.*}.
 */
public final class KafkaBusSettings {
    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String MAX_MESSAGE_BYTES = "max-message-bytes";
    public static final String PARTITIONS = "partitions";
    public static final String REPLICATION_FACTOR = "replication-factor";
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 128 * 1024;

    /** Bounded so that an unreachable broker yields an exception in seconds instead of a hang. */
    static final int REQUEST_TIMEOUT_MS = 5_000;
    static final int MAX_BLOCK_MS = 5_000;
    static final int DEFAULT_API_TIMEOUT_MS = 10_000;
    static final int DELIVERY_TIMEOUT_MS = 30_000;

    private final String bootstrapServers;
    private final int maxMessageBytes;
    private final int partitions;
    private final short replicationFactor;
    private final Map<String, String> common = new LinkedHashMap<>();
    private final Map<String, String> producer = new LinkedHashMap<>();
    private final Map<String, String> consumer = new LinkedHashMap<>();
    private final Map<String, String> admin = new LinkedHashMap<>();
    private final Map<String, String> topic = new LinkedHashMap<>();

    private KafkaBusSettings(Map<String, String> settings) {
        this.bootstrapServers = settings.getOrDefault(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS).trim();
        if (bootstrapServers.isEmpty()) {
            throw new IllegalArgumentException("brisk.bus." + BOOTSTRAP_SERVERS + " is empty");
        }
        this.maxMessageBytes = intSetting(settings, MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES);
        this.partitions = intSetting(settings, PARTITIONS, 1);
        this.replicationFactor = (short) intSetting(settings, REPLICATION_FACTOR, 1);
        settings.forEach((key, value) -> {
            if (key.startsWith("kafka.")) {
                common.put(key.substring("kafka.".length()), value);
            } else if (key.startsWith("kafka-producer.")) {
                producer.put(key.substring("kafka-producer.".length()), value);
            } else if (key.startsWith("kafka-consumer.")) {
                consumer.put(key.substring("kafka-consumer.".length()), value);
            } else if (key.startsWith("kafka-admin.")) {
                admin.put(key.substring("kafka-admin.".length()), value);
            } else if (key.startsWith("kafka-topic.")) {
                topic.put(key.substring("kafka-topic.".length()), value);
            }
        });
    }

    public static KafkaBusSettings from(Map<String, String> settings) {
        return new KafkaBusSettings(Map.copyOf(settings));
    }

    private static int intSetting(Map<String, String> settings, String key, int fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("brisk.bus." + key + " is not a number: " + value, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int partitions() {
        return partitions;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    private Map<String, Object> base() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return config;
    }

    /** Latency first: no linger; durable: acks from all in-sync replicas, idempotent retries. */
    public Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> config = base();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        config.putAll(common);
        config.putAll(producer);
        return config;
    }

    /** Manual commits; a new group starts at the oldest retained message. */
    public Map<String, Object> consumerConfig(String group, String clientId) {
        Map<String, Object> config = base();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DEFAULT_API_TIMEOUT_MS);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(maxMessageBytes, 1024 * 1024));
        config.putAll(common);
        config.putAll(consumer);
        return config;
    }

    public Map<String, Object> adminConfig(String clientId) {
        Map<String, Object> config = base();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DEFAULT_API_TIMEOUT_MS);
        config.putAll(common);
        config.putAll(admin);
        return config;
    }

    /** Configuration of topics created by {@code ensureTopic}. */
    public Map<String, String> topicConfig() {
        Map<String, String> config = new HashMap<>();
        config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
        config.putAll(topic);
        return config;
    }

    @Override
    public String toString() {
        return "KafkaBusSettings[" + bootstrapServers + "]";
    }
}
