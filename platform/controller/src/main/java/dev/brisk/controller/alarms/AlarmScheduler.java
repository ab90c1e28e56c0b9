package dev.brisk.controller.alarms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.entity.RuleStore;
import dev.brisk.controller.entity.Subject;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.entity.TriggerStore;
import dev.brisk.controller.entity.WhiskTrigger;
import dev.brisk.controller.invoke.TriggerFirer;
import dev.brisk.controller.limits.Throttles;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.Stores;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fires the triggers of due alarms. Every {@code brisk.alarms.tick} (default PT0.2S) it reads the alarms whose next
 * tick has come, claims each by a conditional write (of several controllers sharing a store, one fires a tick:
 * {@link AlarmStore#claim}) and fires the trigger as POST /triggers does, as the namespace's identity and counted
 * against its fire throttle. A trigger or namespace that is gone ends its alarm (FEED-009); a throttled fire is
 * skipped, not retried; ticks missed while no controller ran are not fired late (FEED-011).
 * {@code brisk.alarms.enabled=false} turns the scheduler off (the feeds still store alarms).
 */
@ApplicationScoped
public class AlarmScheduler {
    private static final System.Logger LOG = System.getLogger(AlarmScheduler.class.getName());
    private static final int BATCH = 200;

    private final Stores stores;
    private final SubjectStore subjects;
    private final TriggerStore triggers;
    private final RuleStore rules;
    private final TriggerFirer firer;
    private final Throttles throttles;
    private final boolean enabled;
    private final Duration tick;
    private volatile boolean running = true;

    @Inject
    public AlarmScheduler(Stores stores, SubjectStore subjects, TriggerStore triggers, RuleStore rules,
                          TriggerFirer firer, Throttles throttles,
                          @ConfigProperty(name = "brisk.alarms.enabled", defaultValue = "true") boolean enabled,
                          @ConfigProperty(name = "brisk.alarms.tick", defaultValue = "PT0.2S") Duration tick) {
        this.stores = stores;
        this.subjects = subjects;
        this.triggers = triggers;
        this.rules = rules;
        this.firer = firer;
        this.throttles = throttles;
        this.enabled = enabled;
        this.tick = tick;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (enabled) {
            Thread.ofVirtual().name("alarm-scheduler").start(this::loop);
        }
    }

    private void loop() {
        while (running) {
            try {
                runDue(Instant.now());
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.DEBUG, "alarms: store not reachable: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "alarms: a round failed", e);
            }
            try {
                Thread.sleep(tick.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Fires every alarm due at {@code now} that this controller claims; the number fired. */
    int runDue(Instant now) {
        AlarmStore store = new AlarmStore(stores.whisks());
        int fired = 0;
        for (AlarmStore.StoredAlarm alarm : store.due(now, BATCH)) {
            if (store.claim(alarm, now)) {
                fired += fire(store, alarm) ? 1 : 0;
            }
        }
        return fired;
    }

    private boolean fire(AlarmStore store, AlarmStore.StoredAlarm alarm) {
        String[] parts = alarm.triggerName().replaceFirst("^/", "").split("/");
        String namespace = parts[0];
        String name = parts[1];
        Optional<Identity> owner = owner(namespace);
        if (owner.isEmpty()) {
            store.delete(alarm.triggerName()); // the namespace is gone
            return false;
        }
        ObjectNode payload = alarm.definition().payload();
        try {
            throttles.checkFire(owner.get());
            // no HTTP request, so no headers: the action gets an empty __ow_headers (TRG-014)
            firer.fire(owner.get(), namespace, name, Json.object(), Json.write(payload), "alarm-" + System.nanoTime());
        } catch (ApiException e) {
            if (e.status() == 404) {
                store.delete(alarm.triggerName()); // the trigger is gone: no retries for ever
            } else {
                LOG.log(System.Logger.Level.INFO, "alarm of " + alarm.triggerName() + " not fired: " + e.getMessage());
            }
            return false;
        }
        if (alarm.definition().kind() == AlarmDefinition.Kind.ONCE) {
            afterOnce(store, alarm, namespace, name);
        }
        return true;
    }

    /** The provider's handleFiredTrigger: a once alarm is deleted, with its trigger ("true") and rules ("rules"). */
    private void afterOnce(AlarmStore store, AlarmStore.StoredAlarm alarm, String namespace, String name) {
        String after = alarm.definition().deleteAfterFire();
        if (after == null || "false".equals(after)) {
            return;
        }
        try {
            WhiskTrigger trigger = triggers.get(namespace, name);
            if ("rules".equals(after)) {
                for (String rule : trigger.ruleTable().keySet()) {
                    try {
                        rules.delete(namespace, rule.substring(rule.lastIndexOf('/') + 1));
                    } catch (ApiException gone) {
                        // deleted meanwhile
                    }
                }
            }
            triggers.delete(namespace, name);
        } catch (ApiException gone) {
            // deleted meanwhile
        }
        store.delete(alarm.triggerName());
    }

    private Optional<Identity> owner(String namespace) {
        List<Subject> holders = subjects.holding(namespace);
        return holders.stream().filter(s -> !s.blocked())
                .flatMap(s -> s.namespace(namespace).map(s::identity).stream())
                .findFirst();
    }

    @PreDestroy
    void stop() {
        running = false;
    }
}
