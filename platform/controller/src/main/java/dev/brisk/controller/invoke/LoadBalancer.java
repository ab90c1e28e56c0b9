package dev.brisk.controller.invoke;

import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.MessageProducer;
import dev.brisk.core.bus.Topics;
import dev.brisk.core.container.LogLine;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.message.ActivationMessage;
import dev.brisk.core.message.Acknowledgement;
import dev.brisk.core.message.ActivationRecords;
import dev.brisk.core.message.CompletionMessage;
import dev.brisk.core.message.ResultMessage;
import dev.brisk.core.message.PingMessage;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.Stores;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends activations to invokers over the bus and hands their completions back. Every activation stays tracked
 * until it completes; when its invoker stops pinging (offline after {@code brisk.controller.invoker-offline-after},
 * OpenWhisk: 10 s) or it outlives its time limit by a minute, the controller records it as a
 * {@code whisk internal error} itself, so no caller waits forever and no accepted activation lacks a record.
 * While the bus itself is down (and for the offline period after it returns) missing pings do not count: the
 * invokers keep working and report once the bus is back.
 */
@ApplicationScoped
public class LoadBalancer {
    private static final System.Logger LOG = System.getLogger(LoadBalancer.class.getName());
    static final String INVOKER_LOST = "The invoker running this activation stopped responding.";
    static final String TIMED_OUT = "The activation did not complete within its time limit.";
    /** The one log line of a record whose result came but whose completion did not. */
    static final String LOGS_LOST = "The logs of this activation were not collected.";

    private final MessageBus bus;
    private final Topics topics;
    private final Stores stores;
    private final Event<ActivationCompleted> completed;
    private final int controllerId;
    private final long offlineAfterMillis;
    private final long publishTimeoutMillis;
    /** When the supervisor last found the bus down: invokers cannot ping through a bus that is down. */
    private volatile long busLastDown;
    private MessageProducer producer;
    private InvokerPool pool;
    private final InFlightActivations inFlight;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("controller-supervisor").daemon().factory());
    private volatile boolean running = true;
    private Thread completions;
    private Thread health;

    /**
     * @param publishTimeout how long a publish waits for the broker's acknowledgement: above the Kafka producer's
     *                       delivery timeout (30 s), so a send ends acknowledged or failed, never unknown
     */
    @Inject
    public LoadBalancer(MessageBus bus, Topics topics, Stores stores, Event<ActivationCompleted> completed,
                        InFlightActivations inFlight,
                        @ConfigProperty(name = "brisk.controller.id", defaultValue = "0") int controllerId,
                        @ConfigProperty(name = "brisk.controller.invoker-offline-after", defaultValue = "PT10S")
                        Duration offlineAfter,
                        @ConfigProperty(name = "brisk.controller.publish-timeout", defaultValue = "PT35S")
                        Duration publishTimeout) {
        this.bus = bus;
        this.topics = topics;
        this.stores = stores;
        this.completed = completed;
        this.inFlight = inFlight;
        this.controllerId = controllerId;
        this.offlineAfterMillis = offlineAfter.toMillis();
        this.publishTimeoutMillis = publishTimeout.toMillis();
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        pool = new InvokerPool(offlineAfterMillis);
        producer = bus.producer();
        completions = Thread.ofPlatform().daemon().name("controller-completions")
                .start(new BusListener(bus, topics.completed(controllerId), "controller" + controllerId,
                        this::acknowledged, () -> running));
        health = Thread.ofPlatform().daemon().name("controller-health")
                .start(new BusListener(bus, topics.health(), "controller" + controllerId + "-health", this::ping,
                        () -> running));
        supervisor.scheduleWithFixedDelay(this::supervise, 500, 500, TimeUnit.MILLISECONDS);
    }

    public int controllerId() {
        return controllerId;
    }

    /**
     * Publishes the activation to an invoker; the future completes with the invoker's report or with a record the
     * controller wrote because the invoker was lost. Returns once the broker has acknowledged the message (at most
     * {@code brisk.controller.publish-timeout}, default 35 s); fails with 503 when no invoker is healthy or the bus did
     * not take the message, so an activation id is only ever handed out for an activation that will be recorded.
     *
     * @param concurrency   how many activations of the action share a container (its memory is counted once for them)
     * @param timeoutMillis the action's time limit, after which (plus a minute) the activation is given up
     */
    public CompletableFuture<WhiskActivation> publish(ActivationMessage msg, String homeKey, int memoryMb,
                                                      int concurrency, long timeoutMillis) {
        if (!bus.isAvailable()) {
            // known down: refuse at once instead of holding the caller until the producer gives up
            throw new ApiException(503, Messages.SERVICE_UNAVAILABLE);
        }
        InvokerPool.Hold hold = place(homeKey, memoryMb, concurrency);
        CompletableFuture<WhiskActivation> result = new CompletableFuture<>();
        inFlight.add(new InFlightActivations.Activation(msg, hold,
                System.currentTimeMillis() + timeoutMillis + 60_000, result));
        CompletableFuture<Void> sent = producer.send(topics.invoker(hold.invoker()), Json.bytes(msg))
                .toCompletableFuture();
        try {
            // accepted means on the bus: the caller gets an activation id only once the broker has acknowledged it
            sent.get(publishTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(msg, result, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            refuse(msg, result, e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
        }
        return result;
    }

    /** The bus did not take the activation: forget it and answer 503, so nothing accepted goes unrecorded. */
    private void refuse(ActivationMessage msg, CompletableFuture<WhiskActivation> result, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, "could not publish " + msg.activationId() + " (answered 503): " + cause);
        var f = inFlight.finish(msg.activationId());
        if (f != null) {
            pool.release(f.hold());
        }
        result.completeExceptionally(cause);
        throw new ApiException(503, Messages.SERVICE_UNAVAILABLE);
    }

    private InvokerPool.Hold place(String homeKey, int memoryMb, int concurrency) {
        long deadline = System.currentTimeMillis() + 3_000;
        while (true) {
            var chosen = pool.place(homeKey, memoryMb, concurrency, System.currentTimeMillis());
            if (chosen.isPresent()) {
                return chosen.get();
            }
            // right after start no ping has arrived yet: wait briefly rather than refuse the first requests
            if (System.currentTimeMillis() > deadline) {
                throw new ApiException(503, Messages.SERVICE_UNAVAILABLE);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, Messages.SERVICE_UNAVAILABLE);
            }
        }
    }

    /** Invoker ids and their last ping (epoch ms). */
    public Map<Integer, Long> invokers() {
        return pool.lastPings();
    }

    /** An invoker's acknowledgement on {@code completed<N>}: a blocking activation's result, or a completion. */
    void acknowledged(byte[] raw) {
        switch (Acknowledgement.parse(raw)) {
            case ResultMessage result -> answer(result);
            case CompletionMessage completion -> complete(completion);
        }
    }

    /**
     * A blocking activation's result, sent before its logs are collected: its caller is answered now (without logs,
     * which the stored record has). What it holds of the invoker and of its namespace's concurrency stays held until
     * the completion, as in OpenWhisk (processResult against processCompletion): the invoker is still busy with it.
     */
    private void answer(ResultMessage msg) {
        var f = inFlight.get(msg.activationId());
        if (f != null) {
            f.result().complete(msg.activationRecord());
        }
    }

    /** The activation ended and its logs are collected: what it held is given back; a caller not yet answered is. */
    private void complete(CompletionMessage msg) {
        var f = inFlight.finish(msg.activationId());
        if (f != null) {
            pool.release(f.hold());
            WhiskActivation record = msg.activationRecord();
            completed.fire(new ActivationCompleted(record));
            f.result().complete(record);
        }
    }

    private void ping(byte[] raw) {
        PingMessage ping = Json.convert(Json.parse(raw), PingMessage.class);
        pool.ping(ping.invoker(), ping.timestamp(), ping.userMemoryMb());
    }

    /** Gives up activations whose invoker went offline or that outlived their time limit. */
    private void supervise() {
        long now = System.currentTimeMillis();
        // watched even while nothing is in flight: an activation accepted just after the bus returns must not be
        // given up because its invoker's pings have not resumed yet (a CI run lost two so)
        if (!bus.isAvailable()) {
            busLastDown = now;
        }
        if (inFlight.isEmpty()) {
            return;
        }
        // silence while the bus is down (or just back) says nothing about the invoker: give its pings time to return
        boolean pingsMeaningful = now - busLastDown > offlineAfterMillis;
        for (var f : inFlight.all()) {
            boolean lost = pingsMeaningful && !pool.isHealthy(f.invoker(), now);
            if ((lost || now > f.deadline()) && inFlight.giveUp(f)) {
                try {
                    pool.release(f.hold());
                    WhiskActivation given = giveUp(f, lost ? INVOKER_LOST : TIMED_OUT);
                    completed.fire(new ActivationCompleted(given));
                    f.result().complete(given);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not record lost activation " + f.msg().activationId(), e);
                    f.result().completeExceptionally(e);
                }
            }
        }
    }

    /**
     * Writes the record of an activation whose completion never came, unless the invoker wrote one after all, and
     * reports whichever is stored: the result its caller was answered with when one came (the invoker was lost
     * while collecting the logs, which the record then says), else a whisk error.
     */
    private WhiskActivation giveUp(InFlightActivations.Activation f, String reason) {
        ActivationMessage msg = f.msg();
        WhiskActivation answered = f.result().isDone() && !f.result().isCompletedExceptionally()
                ? f.result().join() : null;
        WhiskActivation record = answered != null
                ? answered.withLogs(List.of(LogLine.note(LOGS_LOST + " " + reason)))
                : ActivationRecords.failed(msg, ActivationResponse.whiskError(reason));
        String id = record.namespace() + "/" + record.activationId();
        try {
            stores.activations().put(id, null, record.toDocument());
        } catch (DocumentConflictException written) {
            record = stores.activations().get(id).map(d -> WhiskActivation.fromDocument(d.body())).orElse(record);
        }
        LOG.log(System.Logger.Level.WARNING, "activation " + msg.activationId() + ": " + reason);
        return record;
    }

    @PreDestroy
    void stop() {
        running = false;
        supervisor.shutdownNow();
        if (completions != null) {
            completions.interrupt();
            health.interrupt();
        }
        if (producer != null) {
            producer.close();
        }
    }
}
