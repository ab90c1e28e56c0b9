package dev.brisk.controller.invoke;

import dev.brisk.controller.entity.ResolvedAction;
import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.entity.ActionResolver;
import dev.brisk.core.entity.ActivationId;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.entity.WhiskActivation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.message.ActivationMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POST on an action (Actions.activate): merge parameters, publish, and for a blocking call wait up to the
 * {@code timeout} (at most the {@link BlockingWait}) for the result; when it does not come in time the caller gets 202
 * and the id.
 */
@ApplicationScoped
public class ActionInvoker {
    private final ActionResolver resolver;
    private final SequenceRunner sequences;
    private final ConductorRunner conductors;
    private final LoadBalancer loadBalancer;
    private final BuiltinRunner builtins;
    private final RuntimeManifest manifest;

    @Inject
    public ActionInvoker(ActionResolver resolver, SequenceRunner sequences, ConductorRunner conductors,
                         LoadBalancer loadBalancer, BuiltinRunner builtins, RuntimeManifest manifest) {
        this.resolver = resolver;
        this.sequences = sequences;
        this.conductors = conductors;
        this.loadBalancer = loadBalancer;
        this.builtins = builtins;
        this.manifest = manifest;
    }

    /** A started activation: its id, and its record once it finishes. */
    public record Started(String activationId, CompletableFuture<WhiskActivation> record) {
    }

    /** Finds the action a request names ({@code name} or {@code pkg/name} in {@code namespace}). */
    public ResolvedAction resolve(Identity caller, String namespace, String path) {
        return resolver.resolve(caller, namespace, path);
    }

    /**
     * Finds the action to activate: as {@link #resolve}, and for a sequence its components must still be the
     * caller's to activate (Actions.activate: entitleReferencedEntitiesMetaData with ACTIVATE), so a sequence whose
     * component's package of another namespace was made private or deleted since is refused with 403 alike.
     */
    public ResolvedAction resolveForActivation(Identity caller, String namespace, String path) {
        ResolvedAction target = resolve(caller, namespace, path);
        if (target.action().exec().isSequence()) {
            resolver.entitleAll(caller, target.action().exec().components(), java.util.List.of());
        }
        return target;
    }

    /**
     * Starts an activation of {@code target} that the caller waits for (a blocking invoke, a web action, a sequence's
     * or a composition's component): as {@link #start(Identity, ResolvedAction, ObjectNode, String, String, boolean)}
     * with {@code blocking} true.
     */
    public Started start(Identity caller, ResolvedAction target, ObjectNode payload, String cause, String transid) {
        return start(caller, target, payload, cause, transid, true);
    }

    /**
     * Starts an activation of {@code target} with its defaults merged under {@code payload}; the record future
     * completes when the invoker reports (or the controller gives the activation up): for a {@code blocking} one
     * with its result as soon as the action answered, without logs (the stored record has them; OpenWhisk's
     * ResultMessage), else with the whole record once it completed.
     *
     * @param cause the activation id of the enclosing sequence or composition, or null
     */
    public Started start(Identity caller, ResolvedAction target, ObjectNode payload, String cause, String transid,
                         boolean blocking) {
        if (target.action().exec().isSequence()) {
            return sequences.start(caller, target, payload, cause, transid);
        }
        if (ConductorRunner.isConductor(target.action())) {
            return conductors.start(caller, target, payload, cause, transid);
        }
        if (builtins.runs(target.action())) {
            return builtins.start(caller, target, payload, cause);
        }
        return startPrimitive(caller, target, payload, cause, transid, blocking);
    }

    /**
     * Publishes one activation of an action that runs in a container (a conductor's own runs included);
     * {@code blocking}: someone waits for its result, which the invoker then sends before it collects the logs.
     */
    Started startPrimitive(Identity caller, ResolvedAction target, ObjectNode payload, String cause, String transid,
                           boolean blocking) {
        ObjectNode content = target.defaults().toObject();
        payload.properties().forEach(e -> content.set(e.getKey(), e.getValue()));
        String activationId = ActivationId.generate();
        WhiskAction action = target.action();
        ActivationMessage msg = new ActivationMessage(transid, activationId, action.docId(), target.rev(),
                caller, content, loadBalancer.controllerId(), blocking, cause, System.currentTimeMillis(),
                target.binding());
        CompletableFuture<WhiskActivation> record = loadBalancer.publish(msg, caller.namespace() + "/" + action.docId(),
                action.limits().memory(), manifest.containerConcurrency(action), action.limits().timeout());
        return new Started(activationId, record);
    }

    /**
     * POST on an action: start it, and for a blocking call wait for the record up to {@code waitMillis} (the caller's
     * {@code timeout}, checked by {@link BlockingWait#waitMillis} before anything else).
     */
    public Invocation invoke(Identity caller, String namespace, String path, String body, boolean blocking,
                             long waitMillis, String transid) {
        ResolvedAction target = resolveForActivation(caller, namespace, path);
        JsonNode payload = Json.objectBody(body);
        // a final action's defined parameters (its package's included) may not be overridden by the caller
        target.requireNoFinalOverride(payload);
        Started started = start(caller, target, (ObjectNode) payload, null, transid, blocking);
        if (!blocking) {
            return new Invocation.Accepted(started.activationId());
        }
        return await(started, waitMillis);
    }

    /** A blocking call's outcome: the record when it arrives in time, else only the id. */
    public Invocation await(Started started, long waitMillis) {
        try {
            return new Invocation.Finished(started.record().get(waitMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new Invocation.Accepted(started.activationId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, Messages.SERVICE_UNAVAILABLE);
        } catch (ExecutionException e) {
            throw new ApiException(503, Messages.SERVICE_UNAVAILABLE);
        }
    }
}
