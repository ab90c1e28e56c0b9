package dev.brisk.controller.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.entity.TriggerStore;
import dev.brisk.controller.invoke.BuiltinAction;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.AuthKey;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Stores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The feed actions of {@code /whisk.system/alarms} ({@code alarm}, {@code interval}, {@code once}), run by the
 * controller: the lifecycle calls that clients make (FEED-001) answered as apache/openwhisk-package-alarms answers
 * them. The {@code authKey} parameter must own the trigger's namespace (FEED-010), as the provider checks by reading
 * the trigger with it; the key itself is not stored: fires run as the namespace's own identity.
 */
@ApplicationScoped
public class AlarmFeeds implements BuiltinAction {
    static final String AUTH_FAILED = "Trigger authentication request failed.";
    static final String UNSUPPORTED_EVENT = "unsupported lifecycleEvent";
    /** The events alarm.js maps to its web action's methods; any other, or another case, is unsupported. */
    private static final Set<String> EVENTS = Set.of("CREATE", "READ", "UPDATE", "DELETE");

    private final Stores stores;
    private final SubjectStore subjects;
    private final TriggerStore triggers;
    private final String systemNamespace;

    @Inject
    public AlarmFeeds(Stores stores, SubjectStore subjects, TriggerStore triggers,
                      @ConfigProperty(name = "brisk.system.namespace", defaultValue = "whisk.system") String systemNamespace) {
        this.stores = stores;
        this.subjects = subjects;
        this.triggers = triggers;
        this.systemNamespace = systemNamespace;
    }

    @Override
    public Set<String> docIds() {
        return Set.of(docId("alarm"), docId("interval"), docId("once"));
    }

    private String docId(String feed) {
        return systemNamespace + "/alarms/" + feed;
    }

    /**
     * In the provider's order: the lifecycle event (alarm.js, before anything else), then for CREATE the parameters
     * before the key (alarmWebAction.js POST validates, then verifyTriggerAuth), for READ, UPDATE and DELETE the key
     * first (DELETE accepts a trigger that is gone, as verifyTriggerAuth with isDelete does).
     * <p>
     * The trigger is always the caller's namespace's: the provider's feed action passes it on as
     * {@code /<__OW_NAMESPACE>/<name part of triggerName>} (common.js createWebParams, parseQName), so the namespace a
     * caller names is not used, and a missing {@code triggerName} becomes the name {@code undefined} (its web action's
     * "no trigger name" error cannot happen). A name part that is empty or holds a {@code /} names no trigger the
     * key can read: the authentication fails, as for a trigger that does not exist.
     */
    @Override
    public ActivationResponse run(Identity caller, String docId, ObjectNode params) {
        AlarmDefinition.Kind kind = docId.equals(docId("interval")) ? AlarmDefinition.Kind.INTERVAL
                : docId.equals(docId("once")) ? AlarmDefinition.Kind.ONCE : AlarmDefinition.Kind.ALARM;
        String event = text(params, "lifecycleEvent");
        if (event == null || !EVENTS.contains(event)) {
            return error(UNSUPPORTED_EVENT);
        }
        String namespace = caller.namespace();
        String name = namePart(text(params, "triggerName"));
        Instant now = Instant.now();
        AlarmDefinition created = null;
        if (event.equals("CREATE")) {
            try {
                created = AlarmDefinition.fromCreate(kind, params, now);
            } catch (InvalidAlarmException e) {
                return error(e.getMessage());
            }
        }
        Optional<String> owned = ownedNamespace(text(params, "authKey"));
        if (owned.isEmpty() || !owned.get().equals(namespace) || name.isEmpty() || name.contains("/")
                || (!event.equals("DELETE") && !triggerExists(namespace, name))) {
            return error(AUTH_FAILED);
        }
        String trigger = "/" + namespace + "/" + name;
        String notFound = "could not find trigger " + trigger + " in the database";
        AlarmStore store = new AlarmStore(stores.whisks());
        switch (event) {
            case "CREATE" -> {
                // a second CREATE replaces the alarm, as the provider's createTrigger does on a conflict
                if (!store.create(trigger, created, now)) {
                    store.delete(trigger);
                    store.create(trigger, created, now);
                }
                return ActivationResponse.success(Json.object().put("status", "success"));
            }
            case "READ" -> {
                return store.get(trigger).map(a -> ActivationResponse.success(AlarmReadout.of(a, namespace, name)))
                        .orElseGet(() -> error(notFound));
            }
            case "DELETE" -> {
                return store.delete(trigger) ? ActivationResponse.success(Json.object().put("status", "success"))
                        : error(notFound);
            }
            default -> { // UPDATE: the given parameters merged into the stored alarm, which starts afresh from now
                Optional<AlarmStore.StoredAlarm> old = store.get(trigger);
                if (old.isEmpty()) {
                    return error(notFound);
                }
                AlarmDefinition definition;
                try {
                    definition = AlarmDefinition.update(old.get().definition(), params, now);
                } catch (InvalidAlarmException e) {
                    return error(e.getMessage());
                }
                store.delete(trigger);
                store.create(trigger, definition, now);
                return ActivationResponse.success(Json.object().put("status", "success"));
            }
        }
    }

    /** The trigger name the provider's feed action passes on: parseQName's name part, "undefined" when none is given. */
    static String namePart(String triggerName) {
        if (triggerName == null) {
            return "undefined"; // JavaScript's rendering of the missing parameter in createWebParams
        }
        if (!triggerName.startsWith("/")) {
            return triggerName;
        }
        String[] parts = triggerName.split("/", -1);
        return parts.length > 2 ? String.join("/", java.util.Arrays.asList(parts).subList(2, parts.length)) : "";
    }

    /** The namespace whose credentials {@code key} is, when it is a valid key of an unblocked subject. */
    private Optional<String> ownedNamespace(String key) {
        Optional<AuthKey> parsed = key == null ? Optional.empty() : AuthKey.parse(key);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        return subjects.withUuid(parsed.get().uuid()).stream()
                .flatMap(s -> s.namespaceWithUuid(parsed.get().uuid()).stream())
                .filter(ns -> parsed.get().keyEquals(ns.key()))
                .map(ns -> ns.name())
                .findFirst();
    }

    private boolean triggerExists(String namespace, String name) {
        try {
            triggers.get(namespace, name);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private static String text(JsonNode params, String name) {
        JsonNode v = params.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ActivationResponse error(String message) {
        return ActivationResponse.applicationError(Json.object().put("error", message));
    }
}
