package dev.brisk.controller.invoke;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Identity;

import java.util.Set;

/**
 * An action of the system namespace that the controller runs itself instead of a container, because what it does is
 * the controller's own business (the alarms feeds manage the controller's schedules; an action in a sandbox cannot
 * reach the API host on every topology). Only actions whose document lies in the system namespace are run this way,
 * so no tenant can name a builtin by creating an action of its own.
 */
public interface BuiltinAction {
    /** The document ids ({@code whisk.system/package/action}) of the actions this runs. */
    Set<String> docIds();

    /** Runs the action for {@code caller} with its merged parameters: the activation's response. */
    ActivationResponse run(Identity caller, String docId, ObjectNode params);
}
