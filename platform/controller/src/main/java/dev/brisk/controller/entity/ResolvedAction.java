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
}
