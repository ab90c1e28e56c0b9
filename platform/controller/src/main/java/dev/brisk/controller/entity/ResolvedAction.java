package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskAction;

import java.util.HashSet;
import java.util.Set;

/**
 * An action found for an invocation: the stored action at its revision, the parameters it inherits from its package
 * (and binding), and the binding it was addressed through, if any ({@code ns/binding}, for the {@code binding}
 * annotation of the activation).
 */
public record ResolvedAction(WhiskAction action, String rev, Parameters inherited, String binding) {

    /** Package (and binding) parameters, then the action's own: what the action receives before the payload. */
    public Parameters defaults() {
        return inherited.merge(action.parameters());
    }

    /** The annotation that makes an action's defined parameters immutable for its callers. */
    public static final String FINAL_ANNOTATION = "final";

    /**
     * Names a request may not set: for an action annotated {@code final: true}, every parameter of {@link #defaults()}
     * with a value other than null (OpenWhisk's {@code immutableParameters}); none otherwise.
     */
    public Set<String> immutableParameters() {
        if (!action.annotations().isTrue(FINAL_ANNOTATION)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        ObjectNode defaults = defaults().toObject();
        defaults.properties().forEach(e -> {
            if (e.getValue() != null && !e.getValue().isNull()) {
                names.add(e.getKey());
            }
        });
        return Set.copyOf(names);
    }

    /**
     * Refuses a payload that names one of the {@link #immutableParameters()}: what OpenWhisk's invoke route answers
     * (a rule's invoke of a trigger fire goes through that route too).
     *
     * @throws ApiException 400 with OpenWhisk's {@code parametersNotAllowed}
     */
    public void requireNoFinalOverride(JsonNode payload) {
        Set<String> immutable = immutableParameters();
        if (immutable.isEmpty() || payload == null) {
            return;
        }
        payload.fieldNames().forEachRemaining(key -> {
            if (immutable.contains(key)) {
                throw ApiException.badRequest(Messages.PARAMETERS_NOT_ALLOWED);
            }
        });
    }
}
