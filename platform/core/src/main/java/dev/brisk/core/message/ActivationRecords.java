package dev.brisk.core.message;

import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;

import java.util.List;

/** Records for activations that never ran to completion in a container. */
public final class ActivationRecords {
    private ActivationRecords() {
    }

    /** A record of {@code msg} ending with {@code response} now, for when no container produced one. */
    public static WhiskActivation failed(ActivationMessage msg, ActivationResponse response) {
        String name = msg.action().substring(msg.action().lastIndexOf('/') + 1);
        long now = System.currentTimeMillis();
        return new WhiskActivation(msg.user().namespace(), name, msg.user().subject(), msg.activationId(),
                Math.min(now, Math.max(msg.submitted(), 1)), now, msg.cause(), response, List.of(), SemVer.INITIAL,
                false, Parameters.EMPTY.with("path", Json.MAPPER.getNodeFactory().textNode(msg.action())));
    }
}
