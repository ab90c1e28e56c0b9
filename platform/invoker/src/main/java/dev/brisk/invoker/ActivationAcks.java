package dev.brisk.invoker;

import dev.brisk.core.bus.MessageProducer;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import dev.brisk.core.message.ActivationMessage;
import dev.brisk.core.message.CompletionMessage;
import dev.brisk.core.message.ResultMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The acknowledgements of one activation on {@code completed<controller>}, in OpenWhisk's order
 * (ContainerProxy: ResultMessage, then CompletionMessage): for a blocking activation its result as soon as the action
 * answered, so its caller does not wait for the logs; then, once the logs are collected, the completion with the whole
 * record, which frees what the activation holds in the controller. A non-blocking activation gets the completion
 * only. The completion is sent once the result's send has ended, so the bus holds the result first (the controller
 * copes with either order all the same: a completion that comes first answers the caller itself).
 */
final class ActivationAcks {
    private static final System.Logger LOG = System.getLogger(ActivationAcks.class.getName());
    /** Below the Kafka bus's default message limit (1 MiB + 128 KiB): a larger completion is sent without its logs. */
    static final int MAX_COMPLETION_BYTES = 1024 * 1024;
    private static final ThreadFactory SENDERS = Thread.ofVirtual().name("completion-sender").factory();
    /** Where a completion that waited for the result's send is sent from: not the bus's own callback thread. */
    private static final Executor SENDER = task -> SENDERS.newThread(task).start();

    private final MessageProducer producer;
    private final String topic;
    private final ActivationMessage msg;
    private final int invoker;
    /** The result's send once it was started; null until then. */
    private final AtomicReference<CompletableFuture<Void>> resultSent = new AtomicReference<>();

    ActivationAcks(MessageProducer producer, String topic, ActivationMessage msg, int invoker) {
        this.producer = producer;
        this.topic = topic;
        this.msg = msg;
        this.invoker = invoker;
    }

    /**
     * The action answered with {@code activation}: a blocking activation's caller gets it, without logs, now. Once;
     * never throws (the runner calls it holding a container: a failed send is logged, and the completion still
     * answers the caller).
     */
    void result(WhiskActivation activation) {
        if (!msg.blocking()) {
            return;
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        if (!resultSent.compareAndSet(null, ended)) {
            return;
        }
        byte[] message;
        try {
            message = Json.bytes(ResultMessage.of(msg.transid(), activation));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not write the result of " + msg.activationId(), e);
            ended.complete(null);
            return;
        }
        send(message, "result").whenComplete((ok, err) -> ended.complete(null));
    }

    /**
     * The activation ended with {@code activation}, logs included: a blocking activation's result first if the action
     * never answered (it failed before, or the runner had no answer to give early), then the completion. A completion
     * too big for a bus message goes without its logs (OpenWhisk's ack shrink), after {@code storeFirst} has stored the
     * record that keeps them, so a GET right after it finds them.
     *
     * @return whether {@code storeFirst} ran
     */
    boolean complete(WhiskActivation activation, boolean systemError, Runnable storeFirst) {
        result(activation);
        byte[] completion = Json.bytes(CompletionMessage.of(msg.transid(), activation, systemError, invoker));
        boolean stored = false;
        if (completion.length > MAX_COMPLETION_BYTES) {
            storeFirst.run();
            stored = true;
            completion = Json.bytes(CompletionMessage.of(msg.transid(), activation.withLogs(List.of()), systemError,
                    invoker));
        }
        byte[] message = completion;
        CompletableFuture<Void> before = resultSent.get();
        if (before == null || before.isDone()) {
            send(message, "completion");
        } else {
            before.whenCompleteAsync((ok, err) -> send(message, "completion"), SENDER);
        }
        return stored;
    }

    private CompletableFuture<Void> send(byte[] message, String what) {
        CompletableFuture<Void> sent;
        try {
            sent = producer.send(topic, message).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((ok, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.WARNING, "could not send the " + what + " of " + msg.activationId(), err);
            }
        });
    }
}
