package dev.brisk.controller.entity;

import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskAction;

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

    /**
     * The parameters a request may not set: with the annotation {@code final: true}, every parameter the action has a
     * value for once its package and binding are merged (WhiskAction.immutableParameters, definedParameters).
     */
    public java.util.Set<String> immutableParameters() {
        if (!action.annotations().isTrue(FINAL)) {
            return java.util.Set.of();
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        defaults().toObject().properties().forEach(e -> {
            if (e.getValue() != null && !e.getValue().isNull()) {
                names.add(e.getKey());
            }
        });
        return java.util.Collections.unmodifiableSet(names);
    }

    /** OpenWhisk's annotation that makes an action's parameters final (Annotations.FinalParamsAnnotationName). */
    public static final String FINAL = "final";
}
