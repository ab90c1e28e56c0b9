package dev.brisk.controller.invoke;

import dev.brisk.core.entity.WhiskActivation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records of activations this controller saw complete in the last minute, logs included. The invoker sends the
 * completion before it stores the record (OpenWhisk's order), so a GET of the activation is served from here until the
 * store has it. A blocking caller is answered earlier still, by the result that comes before the logs, which is not
 * kept here: a GET right after that answer may find nothing yet (404, as in OpenWhisk), never a record without its
 * logs. Bounded in count and age; records never change once written.
 */
@ApplicationScoped
public class RecentActivations {
    static final int MAX_ENTRIES = 1024;
    static final long MAX_AGE_MILLIS = 60_000;

    private record Recent(WhiskActivation record, long at) {
    }

    private final Map<String, Recent> entries = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recent> eldest) {
            return size() > MAX_ENTRIES || System.currentTimeMillis() - eldest.getValue().at() > MAX_AGE_MILLIS;
        }
    };

    void remember(@Observes ActivationCompleted completed) {
        add(completed.activation());
    }

    /** Remembers a completed record. */
    public void add(WhiskActivation record) {
        if (record == null || record.activationId() == null || record.namespace() == null) {
            return;
        }
        String key = record.namespace() + "/" + record.activationId();
        synchronized (entries) {
            entries.put(key, new Recent(record, System.currentTimeMillis()));
        }
    }

    /** The record of {@code namespace/activationId} if it completed here within the last minute. */
    public Optional<WhiskActivation> get(String namespace, String activationId) {
        synchronized (entries) {
            Recent e = entries.get(namespace + "/" + activationId);
            return e == null || System.currentTimeMillis() - e.at() > MAX_AGE_MILLIS
                    ? Optional.empty() : Optional.of(e.record());
        }
    }
}
