package dev.brisk.controller.invoke;

import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.MessageConsumer;
import dev.brisk.core.bus.MessageProducer;
import dev.brisk.core.bus.Topics;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.message.ActivationMessage;
import dev.brisk.core.message.CompletionMessage;
import dev.brisk.core.message.PingMessage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends activations to invokers over the bus and hands completions back to waiting callers. Invokers count as
 * healthy while their pings arrive (OpenWhisk marks them offline after 10 s of silence). The target invoker is the
 * action's home invoker among the healthy ones: a hash of namespace and action, so warm containers are reused.
 */
@ApplicationScoped
public class LoadBalancer {
    private static final Logger LOG = Logger.getLogger(LoadBalancer.class.getName());
    private static final long OFFLINE_AFTER_MILLIS = 10_000;

    @Inject
    MessageBus bus;
    @Inject
    Topics topics;
    @Inject
    Config config;

    private int controllerId;
    private MessageProducer producer;
    private final Map<Integer, Long> lastPing = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CompletionMessage>> waiting = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread completions;
    private Thread health;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        controllerId = config.getOptionalValue("brisk.controller.id", Integer.class).orElse(0);
        producer = bus.producer();
        bus.ensureTopic(topics.completed(controllerId));
        bus.ensureTopic(topics.health());
        completions = Thread.ofPlatform().daemon().name("controller-completions")
                .start(() -> consume(topics.completed(controllerId), "controller" + controllerId, this::complete));
        health = Thread.ofPlatform().daemon().name("controller-health")
                .start(() -> consume(topics.health(), "controller" + controllerId + "-health", this::ping));
    }

    public int controllerId() {
        return controllerId;
    }

    /**
     * Publishes the activation to an invoker; the future completes when the invoker reports back. Fails with 503
     * when no invoker is healthy.
     */
    public CompletableFuture<CompletionMessage> publish(ActivationMessage msg, String homeKey) {
        int invoker = chooseInvoker(homeKey);
        CompletableFuture<CompletionMessage> result = new CompletableFuture<>();
        waiting.put(msg.activationId(), result);
        producer.send(topics.invoker(invoker), Json.bytes(msg)).whenComplete((ok, err) -> {
            if (err != null) {
                waiting.remove(msg.activationId());
                result.completeExceptionally(err);
            }
        });
        return result;
    }

    /** Stops tracking an activation whose caller stopped waiting. */
    public void forget(String activationId) {
        waiting.remove(activationId);
    }

    private int chooseInvoker(String homeKey) {
        long now = System.currentTimeMillis();
        List<Integer> healthy = lastPing.entrySet().stream()
                .filter(e -> now - e.getValue() <= OFFLINE_AFTER_MILLIS)
                .map(Map.Entry::getKey).sorted().toList();
        if (healthy.isEmpty()) {
            healthy = awaitFirstInvoker();
        }
        return healthy.get(Math.floorMod(homeKey.hashCode(), healthy.size()));
    }

    /** Right after start no ping has arrived yet; wait briefly rather than refuse the first requests. */
    private List<Integer> awaitFirstInvoker() {
        long deadline = System.currentTimeMillis() + 3_000;
        while (System.currentTimeMillis() < deadline) {
            long now = System.currentTimeMillis();
            List<Integer> healthy = lastPing.entrySet().stream()
                    .filter(e -> now - e.getValue() <= OFFLINE_AFTER_MILLIS).map(Map.Entry::getKey).sorted().toList();
            if (!healthy.isEmpty()) {
                return healthy;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new ApiException(503, Messages.SERVICE_UNAVAILABLE);
    }

    public Map<Integer, Long> invokers() {
        return Map.copyOf(lastPing);
    }

    private void complete(byte[] raw) {
        CompletionMessage msg = Json.convert(Json.parse(raw), CompletionMessage.class);
        CompletableFuture<CompletionMessage> f = waiting.remove(msg.activationId());
        if (f != null) {
            f.complete(msg);
        }
    }

    private void ping(byte[] raw) {
        PingMessage ping = Json.convert(Json.parse(raw), PingMessage.class);
        lastPing.put(ping.invoker(), System.currentTimeMillis());
    }

    private void consume(String topic, String group, java.util.function.Consumer<byte[]> handler) {
        try (MessageConsumer consumer = bus.consumer(topic, group)) {
            while (running) {
                List<byte[]> batch = consumer.poll(Duration.ofMillis(500), 128);
                for (byte[] raw : batch) {
                    try {
                        handler.accept(raw);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "bad message on " + topic, e);
                    }
                }
                if (!batch.isEmpty()) {
                    consumer.commit();
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.log(Level.SEVERE, "consumer of " + topic + " stopped", e);
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        if (completions != null) {
            completions.interrupt();
            health.interrupt();
        }
        if (producer != null) {
            producer.close();
        }
    }
}
