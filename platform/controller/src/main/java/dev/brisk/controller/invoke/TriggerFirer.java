package dev.brisk.controller.invoke;

import dev.brisk.controller.entity.ResolvedAction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.entity.QualifiedName;
import dev.brisk.controller.entity.TriggerStore;
import dev.brisk.controller.entity.WhiskTrigger;
import dev.brisk.controller.limits.Throttles;
import dev.brisk.core.entity.ActivationId;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Stores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POST on a trigger (Triggers.scala fire): with at least one active rule, starts each rule's action with the
 * trigger parameters merged with the fire's headers and payload ({@link FireArguments}), records the trigger activation (one log line of JSON per rule) and
 * answers 202 with its id; with none, 204 and no record.
 */
@ApplicationScoped
public class TriggerFirer {
    private final TriggerStore triggers;
    private final ActionInvoker invoker;
    private final Stores stores;
    private final Throttles throttles;

    @Inject
    public TriggerFirer(TriggerStore triggers, ActionInvoker invoker, Stores stores, Throttles throttles) {
        this.triggers = triggers;
        this.invoker = invoker;
        this.stores = stores;
        this.throttles = throttles;
    }

    /**
     * Fires the trigger: the id of its activation, or empty when no rule of it is active (OpenWhisk: 204).
     * {@code headers} is the action's {@code __ow_headers} ({@link FireArguments#headers}; empty without a request).
     */
    public Optional<String> fire(Identity caller, String namespace, String name, ObjectNode headers, String body,
                                 String transid) {
        WhiskTrigger trigger = triggers.get(namespace, name);
        JsonNode payload = Json.objectBody(body);
        if (!trigger.anyRuleActive()) {
            return Optional.empty();
        }
        ObjectNode args = FireArguments.merge(trigger.parameters(), headers, payload);

        String activationId = ActivationId.generate();
        long start = System.currentTimeMillis();
        List<String> logs = new ArrayList<>();
        for (Map.Entry<String, WhiskTrigger.RuleEntry> rule : trigger.ruleTable().entrySet()) {
            QualifiedName action = rule.getValue().action();
            String actionPath = action.docId();
            ObjectNode entry = Json.object();
            if (!rule.getValue().isActive()) {
                entry.put("statusCode", 1).put("success", false).put("error", "Rule '" + rule.getKey()
                        + "' is inactive, action '" + actionPath + "' was not activated.");
            } else {
                try {
                    ResolvedAction target = invoker.resolveForActivation(caller, action.namespace(),
                            action.pathInNamespace());
                    // each rule's action is an invoke of the trigger owner's (OpenWhisk posts it back through its
                    // own API with the owner's key): a throttled one shows its 429 text in the trigger's log line
                    throttles.checkInvoke(caller);
                    target.requireNoFinalOverride(args);
                    ActionInvoker.Started started = invoker.start(caller, target, args.deepCopy(), null, transid,
                            false);
                    entry.put("statusCode", 0).put("success", true).put("activationId", started.activationId());
                } catch (ApiException e) {
                    entry.put("statusCode", e.status() >= 500 ? 3 : 1).put("success", false).put("error", e.getMessage());
                }
            }
            entry.put("rule", rule.getKey()).put("action", actionPath);
            logs.add(Json.write(entry));
        }
        WhiskActivation record = new WhiskActivation(caller.namespace(), name, caller.subject(), activationId, start, 0,
                null, ActivationResponse.success(payload), logs, trigger.version(), false, Parameters.EMPTY);
        stores.activations().put(caller.namespace() + "/" + activationId, null, record.toDocument());
        return Optional.of(activationId);
    }
}
