package dev.brisk.controller.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.entity.ActionResolver;
import dev.brisk.controller.entity.ResolvedAction;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Runs a conductor action (an action whose {@code conductor} annotation is truthy) as OpenWhisk's controller does
 * (docs/conductors.md, PrimitiveActions.invokeComposition): the conductor runs, its result names the next component
 * ({@code action}) with its {@code params} and the {@code state} to carry; the component runs; the conductor runs
 * again on the component's result with the state merged in; and so on until a conductor result names no action.
 * The composition's own record lists every secondary and component activation id as its logs, like a sequence's.
 * Limits are OpenWhisk's: at most n components and 2n+1 conductor runs, n being the sequence length limit, counted
 * across nested compositions.
 */
@ApplicationScoped
public class ConductorRunner {
    static final String TOO_LONG = "Too many actions in the composition.";
    static final String ACTIVATION_FAILURE = "Activation failure during composition.";
    private static final System.Logger LOG = System.getLogger(ConductorRunner.class.getName());
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    private final ActionInvoker invoker;
    private final ActionResolver resolver;
    private final ControllerRecords records;
    private final int maxComponents;

    /** Component and conductor runs so far, shared by a composition and the compositions it runs as components. */
    static final class Accounting {
        int components;
        int conductors;
    }

    @Inject
    public ConductorRunner(ActionInvoker invoker, ActionResolver resolver, ControllerRecords records,
                           @ConfigProperty(name = "brisk.limits.sequence.max-length", defaultValue = "50")
                           int maxComponents) {
        this.invoker = invoker;
        this.resolver = resolver;
        this.records = records;
        this.maxComponents = maxComponents;
    }

    /** Whether {@code action} runs as a composition: not a sequence, and its {@code conductor} annotation truthy. */
    public static boolean isConductor(WhiskAction action) {
        if (action.exec().isSequence()) {
            return false; // OpenWhisk ignores the annotation on sequences
        }
        JsonNode value = action.annotations().get("conductor").orElse(null);
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.decimalValue().signum() != 0;
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty();
        }
        return true;
    }

    /** Starts a topmost composition on its own virtual thread; the record future completes when it has ended. */
    public ActionInvoker.Started start(Identity caller, ResolvedAction conductor, ObjectNode payload, String cause,
                                       String transid) {
        String id = ActivationId.generate();
        CompletableFuture<WhiskActivation> record = new CompletableFuture<>();
        long submitted = System.currentTimeMillis();
        Thread.ofVirtual().name("composition-" + id).start(() -> {
            try {
                record.complete(run(caller, conductor, payload, cause, transid, id, submitted, new Accounting()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "composition " + id + " failed", e);
                record.completeExceptionally(e);
            }
        });
        return new ActionInvoker.Started(id, record);
    }

    /** One composition from its first conductor run to its record, answered first and stored after. */
    private WhiskActivation run(Identity caller, ResolvedAction conductor, ObjectNode payload, String cause,
                                String transid, String id, long submitted, Accounting accounting) {
        Session session = new Session(caller, conductor, id, transid, accounting);
        ActivationResponse response = session.conduct(payload);
        WhiskActivation activation = session.record(response, cause, submitted);
        records.announce(activation);
        records.store(activation);
        return activation;
    }

    /** The state of one composition as it unfolds. */
    private final class Session {
        private final Identity caller;
        private final ResolvedAction conductor;
        private final String id;
        private final String transid;
        private final Accounting accounting;
        private final long start = System.currentTimeMillis();
        private final List<String> logs = new ArrayList<>();
        private int maxMemory;
        private long duration;
        private ObjectNode state;

        Session(Identity caller, ResolvedAction conductor, String id, String transid, Accounting accounting) {
            this.caller = caller;
            this.conductor = conductor;
            this.id = id;
            this.transid = transid;
            this.accounting = accounting;
            this.maxMemory = conductor.action().limits().memory();
        }

        /** Runs the conductor on {@code input} (the state merged in) and follows its continuations to the end. */
        ActivationResponse conduct(ObjectNode input) {
            while (true) {
                if (accounting.conductors > 2 * maxComponents) {
                    return ActivationResponse.applicationError(error(TOO_LONG));
                }
                ObjectNode params = input.deepCopy();
                if (state != null) {
                    params.setAll(state);
                }
                accounting.conductors++;
                Outcome ran = started(() -> invoker.startPrimitive(caller, conductor, params, id, transid, true));
                if (ran.failure() != null) {
                    return ran.failure();
                }
                JsonNode result = ran.activation().response().result();
                ObjectNode fields = result != null && result.isObject() ? (ObjectNode) result : Json.object();
                ObjectNode next = boxed(fields.get("params"), "value");
                state = boxed(fields.get("state"), "state");
                JsonNode action = fields.get("action");
                if (action == null) {
                    return new ActivationResponse(ran.activation().response().statusCode(),
                            next != null ? next : result);
                }
                String name = qualifiedName(action, caller.namespace());
                if (name == null) {
                    input = error("Failed to parse action name from json value " + Json.write(action)
                            + " during composition.");
                } else if (accounting.components >= maxComponents) {
                    input = error(TOO_LONG);
                } else {
                    Outcome component = component(name, next == null ? Json.object() : next);
                    if (component.failure() != null) {
                        return component.failure(); // its activation failed or timed out: the composition ends
                    }
                    JsonNode out = component.activation() == null ? component.input()
                            : component.activation().response().result();
                    input = out != null && out.isObject() ? ((ObjectNode) out).deepCopy() : Json.object();
                }
            }
        }

        /**
         * Runs the component {@code name}: its finished activation, an error dictionary for the conductor when it
         * cannot run, or the failure that ends the composition.
         */
        private Outcome component(String name, ObjectNode params) {
            ResolvedAction target;
            try {
                target = resolver.resolveQualified(caller, name);
            } catch (ApiException e) {
                return Outcome.retry(error(e.status() == 403
                        ? "Failed entitlement check for action with name '" + name + "' during composition."
                        : "Failed to resolve action with name '" + name + "' during composition."));
            }
            if (isConductor(target.action())) {
                // a nested composition shares this one's accounting and counts its own runs
                String nested = ActivationId.generate();
                logs.add(nested);
                try {
                    return finished(run(caller, target, params, id, transid, nested, System.currentTimeMillis(),
                            accounting));
                } catch (RuntimeException e) {
                    return Outcome.failed(ACTIVATION_FAILURE);
                }
            }
            accounting.components++;
            return started(() -> invoker.start(caller, target, params, id, transid));
        }

        /** Starts an activation and waits for it, logging its id; one that cannot start or complete fails. */
        private Outcome started(Supplier<ActionInvoker.Started> start) {
            ActionInvoker.Started started;
            try {
                started = start.get();
            } catch (ApiException e) {
                return Outcome.failed(ACTIVATION_FAILURE);
            }
            logs.add(started.activationId());
            try {
                return finished(started.record().join());
            } catch (CompletionException | CancellationException e) {
                return Outcome.failed(ACTIVATION_FAILURE);
            }
        }

        private Outcome finished(WhiskActivation activation) {
            maxMemory = Math.max(maxMemory, memoryOf(activation));
            duration += activation.duration(); // conductor runs and components: OpenWhisk's session.duration
            return new Outcome(activation, null, null);
        }

        /** The composition's record, as OpenWhisk's completeActivation writes it. */
        WhiskActivation record(ActivationResponse response, String cause, long submitted) {
            WhiskAction action = conductor.action();
            Parameters annotations = Parameters.EMPTY
                    .with("topmost", NODES.booleanNode(cause == null))
                    .with("path", NODES.textNode(action.path()))
                    .with("kind", NODES.textNode("sequence"))
                    .with("conductor", NODES.booleanNode(true))
                    .with("limits", action.limits().toJson().put("memory", maxMemory))
                    .with("waitTime", NODES.numberNode(Math.max(0, start - submitted)));
            if (cause != null) {
                annotations = annotations.with("causedBy", NODES.textNode("sequence"));
            }
            if (conductor.binding() != null) {
                annotations = annotations.with("binding", NODES.textNode(conductor.binding()));
            }
            return new WhiskActivation(caller.namespace(), action.name(), caller.subject(), id, start,
                    System.currentTimeMillis(), cause, response, List.copyOf(logs), action.version(), false,
                    annotations, duration);
        }
    }

    /** A finished activation; or the input for the conductor's next run instead; or the failure that ends it all. */
    private record Outcome(WhiskActivation activation, ObjectNode input, ActivationResponse failure) {
        static Outcome retry(ObjectNode input) {
            return new Outcome(null, input, null);
        }

        static Outcome failed(String message) {
            return new Outcome(null, null, ActivationResponse.whiskError(message));
        }
    }

    private static int memoryOf(WhiskActivation activation) {
        return activation.annotations().get("limits").map(l -> l.path("memory").asInt(0)).orElse(0);
    }

    /** A dictionary as it is, any other value boxed under {@code key}; null when absent. */
    private static ObjectNode boxed(JsonNode value, String key) {
        if (value == null) {
            return null;
        }
        if (value.isObject()) {
            return ((ObjectNode) value).deepCopy();
        }
        ObjectNode box = Json.object();
        box.set(key, value);
        return box;
    }

    private static ObjectNode error(String message) {
        return Json.object().put("error", message);
    }

    /**
     * The fully qualified name a continuation's {@code action} names, as OpenWhisk's resolveName: a string of one to
     * three segments; with a leading slash (at least two segments) or three segments it is absolute, otherwise in
     * the caller's namespace; {@code _} is the caller's namespace. Null when it names no action.
     */
    static String qualifiedName(JsonNode action, String namespace) {
        if (action == null || !action.isTextual()) {
            return null;
        }
        String text = action.asText();
        boolean absolute = text.startsWith("/");
        String[] segments = (absolute ? text.substring(1) : text).split("/", -1);
        int n = segments.length;
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return null;
            }
        }
        if (n < 1 || n > 3 || (absolute && n == 1)) {
            return null;
        }
        List<String> path = new ArrayList<>(List.of(segments));
        if (!absolute && n < 3) {
            path.addFirst(namespace);
        }
        if (path.getFirst().equals("_")) {
            path.set(0, namespace);
        }
        return "/" + String.join("/", path);
    }
}
