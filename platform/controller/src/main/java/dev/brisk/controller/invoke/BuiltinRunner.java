package dev.brisk.controller.invoke;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.entity.ResolvedAction;
import dev.brisk.core.entity.ActivationId;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the {@link BuiltinAction}s: an activation of one is recorded like any other (the record is answered first and
 * stored after), but its code is the controller's. An action is a builtin only when its document lies in the system
 * namespace ({@code brisk.system.namespace}, default {@code whisk.system}).
 */
@ApplicationScoped
public class BuiltinRunner {
    private static final System.Logger LOG = System.getLogger(BuiltinRunner.class.getName());

    private final Instance<BuiltinAction> all;
    private final ControllerRecords records;
    private final String systemNamespace;
    private volatile Map<String, BuiltinAction> byDocId;

    @Inject
    public BuiltinRunner(Instance<BuiltinAction> all, ControllerRecords records,
                         @ConfigProperty(name = "brisk.system.namespace", defaultValue = "whisk.system") String systemNamespace) {
        this.all = all;
        this.records = records;
        this.systemNamespace = systemNamespace;
    }

    /** Whether {@code action} is one of the system namespace's builtins. */
    public boolean runs(WhiskAction action) {
        return action.namespace().split("/")[0].equals(systemNamespace) && builtins().containsKey(action.docId());
    }

    ActionInvoker.Started start(Identity caller, ResolvedAction target, ObjectNode payload, String cause) {
        WhiskAction action = target.action();
        ObjectNode params = target.defaults().toObject();
        payload.properties().forEach(e -> params.set(e.getKey(), e.getValue()));
        String id = ActivationId.generate();
        CompletableFuture<WhiskActivation> record = new CompletableFuture<>();
        Thread.ofVirtual().name("builtin-" + id).start(() -> {
            long start = System.currentTimeMillis();
            ActivationResponse response;
            try {
                response = builtins().get(action.docId()).run(caller, action.docId(), params);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "builtin " + action.docId() + " failed", e);
                response = ActivationResponse.whiskError("An internal error occurred while running the action.");
            }
            Parameters annotations = Parameters.EMPTY
                    .with("path", Json.MAPPER.getNodeFactory().textNode(action.path()))
                    .with("kind", Json.MAPPER.getNodeFactory().textNode(action.exec().kind()))
                    .with("limits", action.limits().toJson())
                    .with("waitTime", Json.MAPPER.getNodeFactory().numberNode(0));
            WhiskActivation activation = new WhiskActivation(caller.namespace(), action.name(), caller.subject(), id,
                    start, System.currentTimeMillis(), cause, response, List.of(), action.version(), false, annotations);
            records.announce(activation);
            record.complete(activation);
            records.store(activation);
        });
        return new ActionInvoker.Started(id, record);
    }

    private Map<String, BuiltinAction> builtins() {
        Map<String, BuiltinAction> m = byDocId;
        if (m == null) {
            // resolved on first use: the builtins depend on invoke themselves (they fire triggers)
            m = new HashMap<>();
            for (BuiltinAction b : all) {
                for (String docId : b.docIds()) {
                    m.put(docId, b);
                }
            }
            byDocId = m;
        }
        return m;
    }
}
