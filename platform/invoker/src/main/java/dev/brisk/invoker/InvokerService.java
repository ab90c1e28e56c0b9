package dev.brisk.invoker;

import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.MessageConsumer;
import dev.brisk.core.bus.MessageProducer;
import dev.brisk.core.bus.Topics;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import dev.brisk.core.message.ActivationMessage;
import dev.brisk.core.message.ActivationRecords;
import dev.brisk.core.message.PingMessage;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.Stores;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An invoker: pulls activation messages from {@code invoker<id>} only while it has capacity, runs each on a
 * virtual thread, answers the controller on {@code completed<controller>} (a blocking activation's result as soon as
 * the action answered, then the completion with the logs: {@link ActivationAcks}), then stores the record. It pings the
 * health topic every second so controllers know it is up.
 */
public final class InvokerService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InvokerService.class.getName());
    private static final int MIN_ACTION_MEMORY_MB = 128;
    /** How long a record is retried while the store is unreachable. */
    static final Duration STORE_RETRY = Duration.ofMinutes(2);

    private final InvokerSettings settings;
    private final Stores stores;
    private final MessageBus bus;
    private final Topics topics;
    private final ContainerPool pool;
    private final ActionRunner runner;
    private final MessageProducer producer;
    private final Semaphore capacity;
    private final ExecutorService activations = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("invoker-ping").daemon().factory());
    private final Thread feed;
    private volatile boolean running = true;
    private volatile ActionCache actionCache;

    public InvokerService(InvokerSettings settings, Stores stores, MessageBus bus, Topics topics,
                          ContainerFactory factory, RuntimeManifest manifest) {
        this.settings = settings;
        this.stores = stores;
        this.bus = bus;
        this.topics = topics;
        factory.cleanup();
        this.pool = new ContainerPool(factory, settings);
        this.runner = new ActionRunner(pool, manifest, settings);
        this.producer = bus.producer();
        // at most user-memory / smallest action memory containers' worth of activations at once; those that share a
        // container (an action's concurrency > 1) do not count
        int slots = Math.max(1, settings.userMemoryMb() / MIN_ACTION_MEMORY_MB);
        this.capacity = new Semaphore(slots);
        this.feed = Thread.ofPlatform().name("invoker" + settings.id() + "-feed").daemon().start(this::feedLoop);
        Thread.ofPlatform().name("invoker" + settings.id() + "-retirements").daemon().start(this::retirementLoop);
        pinger.scheduleAtFixedRate(this::ping, 0, 1, TimeUnit.SECONDS);
        // the count as made: the feed drains the permits as soon as it runs
        LOG.log(System.Logger.Level.INFO, "invoker" + settings.id() + " started with " + slots + " slots");
    }

    /**
     * The pool's state as meters: {@code brisk_invoker_containers{state=idle|busy|prewarmed}},
     * {@code brisk_invoker_memory_used_megabytes} against {@code brisk_invoker_memory_limit_megabytes},
     * {@code brisk_invoker_activations_running} and {@code brisk_invoker_containers_retired_total}, each tagged with the
     * invoker's id.
     */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        String id = Integer.toString(settings.id());
        for (var state : java.util.Map.<String, java.util.function.ToDoubleFunction<ContainerPool>>of(
                "idle", ContainerPool::idleCount, "busy", ContainerPool::busyContainerCount,
                "prewarmed", ContainerPool::prewarmedCount).entrySet()) {
            io.micrometer.core.instrument.Gauge.builder("brisk.invoker.containers", pool, state.getValue())
                    .description("Action containers of the invoker's pool").tags("invoker", id, "state", state.getKey())
                    .register(registry);
        }
        io.micrometer.core.instrument.Gauge.builder("brisk.invoker.memory.used", pool, ContainerPool::usedMemoryMb)
                .description("Memory the pool charges its containers").baseUnit("megabytes").tags("invoker", id)
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("brisk.invoker.memory.limit", settings, s -> s.userMemoryMb())
                .description("The pool's memory (user-memory)").baseUnit("megabytes").tags("invoker", id)
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("brisk.invoker.activations.running", pool, ContainerPool::busyCount)
                .description("Activations running now").tags("invoker", id).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("brisk.invoker.containers.retired", pool,
                        ContainerPool::retiredCount)
                .description("Containers retired because their action was updated or deleted").tags("invoker", id)
                .register(registry);
    }

    private void feedLoop() {
        while (running) {
            try {
                // here, not at start: a bus that is down must not hold up the service
                bus.ensureTopic(topics.invoker(settings.id()));
                bus.ensureTopic(topics.health());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "message bus not reachable (not ready; retrying): " + e.getMessage());
                sleep(2000);
                continue;
            }
            try (MessageConsumer consumer = bus.consumer(topics.invoker(settings.id()), "invoker" + settings.id())) {
                while (running) {
                    capacity.acquire();
                    int free = 1 + capacity.drainPermits();
                    List<byte[]> batch;
                    try {
                        batch = consumer.poll(Duration.ofMillis(500), free);
                    } catch (RuntimeException e) {
                        capacity.release(free);
                        throw e;
                    }
                    capacity.release(free - batch.size());
                    for (byte[] raw : batch) {
                        activations.submit(() -> {
                            // a slot counts a container's worth of work: an activation that joins a container
                            // already running its action (concurrency > 1) gives its slot back at once
                            var freed = new java.util.concurrent.atomic.AtomicBoolean();
                            Runnable freeSlot = () -> {
                                if (freed.compareAndSet(false, true)) {
                                    capacity.release();
                                }
                            };
                            try {
                                handle(raw, freeSlot);
                            } finally {
                                freeSlot.run();
                            }
                        });
                    }
                    if (!batch.isEmpty()) {
                        // taken, not finished: an invoker that dies now loses these, and the controller records them
                        consumer.commit();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    // the bus may be restarting: reconnect after a pause rather than stop taking work
                    LOG.log(System.Logger.Level.WARNING, "invoker feed failed; reconnecting", e);
                    sleep(1000);
                }
            }
        }
    }

    /**
     * Follows the controllers' entity invalidations: an updated or deleted action's containers are retired at once
     * (ContainerPool.retire) instead of idling until their timeout. A consumer group of this process alone, so every
     * invoker sees every message; one missed while the bus was away only leaves containers to the idle timeout.
     */
    private void retirementLoop() {
        String group = "invoker" + settings.id() + "-retirements-" + ProcessHandle.current().pid();
        while (running) {
            try {
                bus.ensureTopic(topics.cacheInvalidation());
                try (MessageConsumer consumer = bus.consumer(topics.cacheInvalidation(), group)) {
                    while (running) {
                        List<byte[]> batch = consumer.poll(Duration.ofMillis(500), 256);
                        for (byte[] raw : batch) {
                            var notice = Json.parse(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
                            String key = notice.path("key").asText("");
                            if (!key.isEmpty()) {
                                pool.retire(key, notice.path("rev").asText(null));
                            }
                        }
                        if (!batch.isEmpty()) {
                            consumer.commit();
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(System.Logger.Level.DEBUG, "retirement feed failed; reconnecting: " + e.getMessage());
                    sleep(2000);
                }
            }
        }
    }

    private void handle(byte[] raw, Runnable freeSlot) {
        ActivationMessage msg;
        try {
            msg = Json.MAPPER.readValue(raw, ActivationMessage.class);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "dropping unreadable activation message", e);
            return;
        }
        ActivationAcks acks = new ActivationAcks(producer, topics.completed(msg.controller()), msg, settings.id());
        WhiskActivation activation;
        boolean systemError = false;
        try {
            Optional<Document> doc = actionCache().get(msg.action(), msg.revision());
            if (doc.isEmpty() || !WhiskAction.ENTITY_TYPE.equals(doc.get().body().path("entityType").asText())) {
                activation = failed(msg, ActivationResponse.applicationError(
                        Json.object().put("error", "The requested resource does not exist.")));
            } else {
                // a blocking caller gets the result as soon as the action answered, before its logs are read
                activation = runner.run(msg, WhiskAction.fromDocument(doc.get().body()), doc.get().rev(), freeSlot,
                        msg.blocking() ? acks::result : null);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "activation " + msg.activationId() + " failed in the invoker", e);
            activation = failed(msg, ActivationResponse.whiskError("An internal error occurred while running the action."));
            systemError = true;
        }
        // answer first, store after (OpenWhisk's order): the completion does not wait for the CouchDB write; the
        // controller serves GET of a just-completed activation from its recent completions until it is stored
        WhiskActivation record = activation;
        if (!acks.complete(activation, systemError, () -> store(record))) {
            store(activation);
        }
    }

    private ActionCache actionCache() {
        ActionCache c = actionCache;
        if (c == null) {
            // created on first use: the store may not have been reachable when the invoker started
            c = actionCache = new ActionCache(stores.whisks());
        }
        return c;
    }

    private static WhiskActivation failed(ActivationMessage msg, ActivationResponse response) {
        return ActivationRecords.failed(msg, response);
    }

    /**
     * Written once: the id is fixed, so a retried write meets a conflict and leaves the first record. A store that is
     * down (CouchDB restarting) is retried for up to {@link #STORE_RETRY}, holding this activation's slot, so a
     * record is not lost to a short outage and the invoker takes no new work it could not record.
     */
    private void store(WhiskActivation activation) {
        String id = activation.namespace() + "/" + activation.activationId();
        long deadline = System.nanoTime() + STORE_RETRY.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                stores.activations().put(id, null, activation.toDocument());
                if (attempt > 1) {
                    LOG.log(System.Logger.Level.INFO, "stored activation " + id + " after " + attempt + " attempts");
                }
                return;
            } catch (DocumentConflictException e) {
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline || !running) {
                    LOG.log(System.Logger.Level.ERROR, "could not store activation " + id + " (gave up after " + attempt
                            + " attempts)", e);
                    return;
                }
                if (attempt == 1) {
                    LOG.log(System.Logger.Level.WARNING, "cannot store activation " + id + " yet (retrying): " + e.getMessage());
                }
                sleep(Math.min(2_000L, 200L * attempt));
            }
        }
    }

    private void ping() {
        try {
            producer.send(topics.health(), Json.bytes(new PingMessage(settings.id(), System.currentTimeMillis(),
                    settings.userMemoryMb())));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "ping failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        pinger.shutdownNow();
        feed.interrupt();
        activations.shutdown();
        try {
            activations.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        producer.close();
    }
}
