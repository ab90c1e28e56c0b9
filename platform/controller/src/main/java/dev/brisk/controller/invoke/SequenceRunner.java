package dev.brisk.controller.invoke;

import dev.brisk.controller.entity.ResolvedAction;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.entity.ActionResolver;
import dev.brisk.core.entity.ActivationId;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a sequence in the controller, as OpenWhisk does (SequenceActions.scala): each component's result is the
 * next one's input, the first failure ends it with that component's response, and the sequence's own record lists
 * the component activation ids as its logs; each component's record names the sequence as its cause.
 */
@ApplicationScoped
public class SequenceRunner {
    private static final System.Logger LOG = System.getLogger(SequenceRunner.class.getName());

    private final ActionInvoker invoker;
    private final ActionResolver resolver;
    private final ControllerRecords records;

    /** @param invoker starts each component (a proxy: the invoker in turn starts sequences here) */
    @Inject
    public SequenceRunner(ActionInvoker invoker, ActionResolver resolver, ControllerRecords records) {
        this.invoker = invoker;
        this.resolver = resolver;
        this.records = records;
    }

    /** Starts the sequence on its own virtual thread; the record future completes when it has ended. */
    public ActionInvoker.Started start(Identity caller, ResolvedAction sequence, ObjectNode payload, String cause,
                                       String transid) {
        String id = ActivationId.generate();
        CompletableFuture<WhiskActivation> record = new CompletableFuture<>();
        long submitted = System.currentTimeMillis();
        Thread.ofVirtual().name("sequence-" + id).start(() -> {
            WhiskActivation activation;
            try {
                activation = run(caller, sequence, payload, cause, transid, id, submitted);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "sequence " + id + " failed", e);
                record.completeExceptionally(e);
                return;
            }
            // answer first, store after, as for a single action; GET serves it from the recent records meanwhile
            records.announce(activation);
            record.complete(activation);
            records.store(activation);
        });
        return new ActionInvoker.Started(id, record);
    }

    private WhiskActivation run(Identity caller, ResolvedAction sequence, ObjectNode payload, String cause, String transid,
                         String id, long submitted) {
        long start = System.currentTimeMillis();
        List<String> components = new ArrayList<>();
        ObjectNode input = sequence.inherited().toObject();
        payload.properties().forEach(e -> input.set(e.getKey(), e.getValue()));
        ActivationResponse response = ActivationResponse.success(input);
        int maxMemory = 0;
        long duration = 0; // the components' time, not the wall clock (OpenWhisk's SequenceAccounting)
        for (String component : sequence.action().exec().components()) {
            ResolvedAction target;
            try {
                target = resolver.resolveQualified(caller, component);
            } catch (ApiException e) {
                response = ActivationResponse.applicationError(Json.object().put("error", "Sequence component does not exist."));
                break;
            }
            maxMemory = Math.max(maxMemory, target.action().limits().memory());
            ActionInvoker.Started step = invoker.start(caller, target, (ObjectNode) response.result(), id, transid);
            components.add(step.activationId());
            WhiskActivation done = step.record().join();
            duration += done.duration();
            response = done.response();
            if (!response.isSuccess()) {
                break;
            }
            boolean more = components.size() < sequence.action().exec().components().size();
            if (more && !response.result().isObject()) {
                // an array result cannot be the next component's parameters
                response = ActivationResponse.applicationError(Json.object().put("error",
                        "The action did not return a dictionary."));
                break;
            }
        }
        WhiskAction action = sequence.action();
        Parameters annotations = Parameters.EMPTY
                .with("topmost", Json.MAPPER.getNodeFactory().booleanNode(cause == null))
                .with("path", Json.MAPPER.getNodeFactory().textNode(action.path()))
                .with("kind", Json.MAPPER.getNodeFactory().textNode("sequence"))
                .with("limits", action.limits().toJson().put("memory", Math.max(maxMemory, 0)))
                .with("waitTime", Json.MAPPER.getNodeFactory().numberNode(Math.max(0, start - submitted)));
        if (cause != null) {
            annotations = annotations.with("causedBy", Json.MAPPER.getNodeFactory().textNode("sequence"));
        }
        if (sequence.binding() != null) {
            annotations = annotations.with("binding", Json.MAPPER.getNodeFactory().textNode(sequence.binding()));
        }
        WhiskActivation activation = new WhiskActivation(caller.namespace(), action.name(), caller.subject(), id,
                start, System.currentTimeMillis(), cause, response, components, action.version(), false, annotations,
                duration);
        return activation;
    }
}
