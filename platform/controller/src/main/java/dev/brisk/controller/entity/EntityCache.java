package dev.brisk.controller.entity;

import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.MessageConsumer;
import dev.brisk.core.bus.MessageProducer;
import dev.brisk.core.bus.Topics;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Recently read entity documents, so the hot path (auth, then the action) costs no store read, as OpenWhisk's
 * controller caches entities. A write or delete evicts the document here at once and, through the bus topic
 * {@code cacheInvalidation}, in every other controller; entries also expire after a short time-to-live
 * ({@code brisk.controller.entity-cache-ttl}, default PT5S), which bounds staleness if a message is lost.
 */
@ApplicationScoped
public class EntityCache {
    private static final System.Logger LOG = System.getLogger(EntityCache.class.getName());

    private final MessageBus bus;
    private final Topics topics;
    private final long ttlMillis;
    private final String self;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private MessageProducer producer;
    private volatile boolean running = true;

    private record Entry(Document document, long expires) {
    }

    @Inject
    public EntityCache(MessageBus bus, Topics topics,
                       @ConfigProperty(name = "brisk.controller.entity-cache-ttl", defaultValue = "PT5S") Duration ttl,
                       @ConfigProperty(name = "brisk.controller.id", defaultValue = "0") int controllerId) {
        this.bus = bus;
        this.topics = topics;
        this.ttlMillis = ttl.toMillis();
        this.self = "controller" + controllerId + "-" + ProcessHandle.current().pid();
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        producer = bus.producer();
        Thread.ofPlatform().daemon().name("cache-invalidation").start(this::listen);
    }

    private String topic() {
        return topics.cacheInvalidation();
    }

    public Optional<Document> find(String docId, Supplier<Optional<Document>> load) {
        long now = System.currentTimeMillis();
        Entry e = entries.get(docId);
        if (e != null && e.expires() > now) {
            return Optional.of(e.document());
        }
        Optional<Document> loaded = load.get();
        loaded.ifPresentOrElse(d -> entries.put(docId, new Entry(d, now + ttlMillis)), () -> entries.remove(docId));
        return loaded;
    }

    /**
     * Forgets {@code docId} here and tells the other controllers and the invokers to; {@code currentRevision} is the
     * revision the write produced (null for a delete or a failed write), so invokers keep that revision's containers.
     */
    public void invalidate(String docId, String currentRevision) {
        entries.remove(docId);
        if (producer != null) {
            Map<String, String> notice = currentRevision == null ? Map.of("key", docId, "instance", self)
                    : Map.of("key", docId, "instance", self, "rev", currentRevision);
            producer.send(topic(), Json.bytes(notice))
                    .whenComplete((ok, err) -> {
                        if (err != null) {
                            LOG.log(System.Logger.Level.DEBUG, "cache invalidation not sent: " + err.getMessage());
                        }
                    });
        }
    }

    private void listen() {
        // each controller is its own consumer group, so every one sees every invalidation
        while (running) {
            try {
                bus.ensureTopic(topic());
                try (MessageConsumer consumer = bus.consumer(topic(), self)) {
                    while (running) {
                        List<byte[]> batch = consumer.poll(Duration.ofMillis(500), 256);
                        for (byte[] raw : batch) {
                            var msg = Json.parse(new String(raw, StandardCharsets.UTF_8));
                            if (!self.equals(msg.path("instance").asText())) {
                                entries.remove(msg.path("key").asText());
                            }
                        }
                        if (!batch.isEmpty()) {
                            consumer.commit();
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
    }
}
