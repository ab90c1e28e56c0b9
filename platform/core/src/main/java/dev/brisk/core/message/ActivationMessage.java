package dev.brisk.core.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.Identity;

/**
 * Controller to invoker: run this action revision for this caller (after OpenWhisk's ActivationMessage).
 *
 * @param action         the action's document id {@code ns/[pkg/]name}
 * @param revision       the document revision the controller resolved, so the invoker runs exactly that version
 * @param content        the merged parameters the action receives
 * @param controller     the controller whose completion topic gets the result
 * @param blocking       whether a caller waits for the result
 * @param cause          the enclosing sequence's activation id, or null
 * @param binding        the package binding the action was invoked through ({@code ns/name}), or null
 */
public record ActivationMessage(String transid, String activationId, String action, String revision,
                                Identity user, JsonNode content, int controller, boolean blocking,
                                String cause, long submitted, String binding) {
}
