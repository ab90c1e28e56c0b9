package dev.brisk.controller.invoke;

import dev.brisk.controller.limits.ActivationsInFlight;
import dev.brisk.core.message.ActivationMessage;
import dev.brisk.core.entity.WhiskActivation;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The activations this controller published and has not seen complete: what each holds of its invoker (to give back)
 * and who waits for it, and the count per namespace (OpenWhisk's {@code activeActivationsFor}, read by the
 * concurrency throttle). An activation leaves exactly once, by {@link #finish} or {@link #giveUp}.
 */
@ApplicationScoped
public class InFlightActivations implements ActivationsInFlight {

    /** One published activation: where it runs and what it holds there, when it is given up, who waits. */
    record Activation(ActivationMessage msg, InvokerPool.Hold hold, long deadline,
                      CompletableFuture<WhiskActivation> result) {
        /** An activation holding {@code memoryMb} of {@code invoker} (one per container). */
        Activation(ActivationMessage msg, int invoker, int memoryMb, long deadline,
                   CompletableFuture<WhiskActivation> result) {
            this(msg, new InvokerPool.Hold(invoker, "", memoryMb, 1), deadline, result);
        }

        int invoker() {
            return hold.invoker();
        }
    }

    private final Map<String, Activation> byId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perNamespace = new ConcurrentHashMap<>();

    void add(Activation activation) {
        perNamespace.computeIfAbsent(namespace(activation), k -> new AtomicInteger()).incrementAndGet();
        byId.put(activation.msg().activationId(), activation);
    }

    /** The activation by id while it is in flight; null when not (any more). */
    Activation get(String activationId) {
        return byId.get(activationId);
    }

    /** Takes the activation out by id (its completion arrived, or its publish failed); null when not in flight. */
    Activation finish(String activationId) {
        Activation removed = byId.remove(activationId);
        if (removed != null) {
            left(removed);
        }
        return removed;
    }

    /** Takes {@code activation} out unless something else did first; whether this call took it. */
    boolean giveUp(Activation activation) {
        boolean removed = byId.remove(activation.msg().activationId(), activation);
        if (removed) {
            left(activation);
        }
        return removed;
    }

    List<Activation> all() {
        return List.copyOf(byId.values());
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    @Override
    public int activeActivations(String namespace) {
        AtomicInteger n = perNamespace.get(namespace);
        return n == null ? 0 : Math.max(0, n.get());
    }

    private void left(Activation activation) {
        perNamespace.get(namespace(activation)).decrementAndGet();
    }

    private static String namespace(Activation activation) {
        return activation.msg().user().namespace();
    }
}
