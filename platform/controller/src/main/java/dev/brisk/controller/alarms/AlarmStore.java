package dev.brisk.controller.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.WhiskViews;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Alarms as documents of the whisks database (no {@code entityType}, so no entity view lists them), id
 * {@code alarm:/namespace/trigger}. Every controller reads the same documents; a fire is claimed by a conditional write
 * (the revision read): of two controllers due at the same tick one write wins, the other gets a conflict and skips it,
 * so a tick fires once. The claim is written before the fire: a crash between the two loses that tick rather than
 * firing it twice, the provider's at-most-once.
 */
public final class AlarmStore {
    private final DocumentStore whisks;

    public AlarmStore(DocumentStore whisks) {
        this.whisks = whisks;
    }

    /** A stored alarm: its definition, the tick it waits for (null: none left) and how many fires it may still make. */
    public record StoredAlarm(String triggerName, AlarmDefinition definition, Instant nextTick, long firesLeft, boolean active,
                              String rev) {
    }

    static String id(String triggerName) {
        return "alarm:" + triggerName;
    }

    /** Stores a new alarm for {@code triggerName} (/namespace/name); false when one exists already. */
    public boolean create(String triggerName, AlarmDefinition definition, Instant now) {
        ObjectNode body = toJson(triggerName, definition, definition.schedule().nextAfter(now).orElse(null),
                definition.maxTriggers(), true);
        try {
            whisks.put(id(triggerName), null, body);
            return true;
        } catch (DocumentConflictException e) {
            return false;
        }
    }

    /** Active alarms whose next tick is at or before {@code now}, earliest first, at most {@code limit}. */
    public java.util.List<StoredAlarm> due(Instant now, int limit) {
        ViewQuery query = new ViewQuery(java.util.List.of(0L), java.util.List.of(now.toEpochMilli()), false, 0, limit);
        return whisks.query(WhiskViews.ALARMS, query).stream().map(row -> fromDocument(row.document())).toList();
    }

    public Optional<StoredAlarm> get(String triggerName) {
        return whisks.get(id(triggerName)).map(AlarmStore::fromDocument);
    }

    /** Removes the alarm; false when there was none. */
    public boolean delete(String triggerName) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Document> doc = whisks.get(id(triggerName));
            if (doc.isEmpty()) {
                return false;
            }
            try {
                return whisks.delete(doc.get().id(), doc.get().rev());
            } catch (DocumentConflictException e) {
                // a controller claimed a tick meanwhile: read again
            }
        }
        throw new DocumentConflictException("alarm " + triggerName + " keeps changing");
    }

    /**
     * Claims {@code alarm}'s due tick: moves it to the next tick after {@code now} (missed ticks are skipped) and counts
     * the fire. True when this caller won the tick and must fire it; false when another controller did.
     */
    public boolean claim(StoredAlarm alarm, Instant now) {
        long left = alarm.firesLeft() < 0 ? -1 : alarm.firesLeft() - 1;
        Instant next = left == 0 ? null : alarm.definition().schedule().nextAfter(now).orElse(null);
        try {
            whisks.put(id(alarm.triggerName()), alarm.rev(), toJson(alarm.triggerName(), alarm.definition(), next, left,
                    next != null));
            return true;
        } catch (DocumentConflictException e) {
            return false;
        }
    }

    static ObjectNode toJson(String triggerName, AlarmDefinition d, Instant nextTick, long firesLeft, boolean active) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("alarmTrigger", triggerName);
        o.put("kind", d.kind().name());
        switch (d.schedule()) {
            case AlarmSchedule.CronTicks c -> {
                o.put("cron", c.expression());
                o.put("timezone", c.zone().equals(java.time.ZoneOffset.UTC) ? "UTC" : c.zone().getId());
                putInstant(o, "startDate", c.startDate());
                putInstant(o, "stopDate", c.stopDate());
            }
            case AlarmSchedule.IntervalTicks i -> {
                o.put("minutes", i.period().toMinutes());
                putInstant(o, "startDate", i.startDate());
                putInstant(o, "stopDate", i.stopDate());
            }
            case AlarmSchedule.OnceTick t -> putInstant(o, "date", t.date());
        }
        o.set("payload", d.payload());
        o.put("maxTriggers", d.maxTriggers());
        if (d.deleteAfterFire() != null) {
            o.put("deleteAfterFire", d.deleteAfterFire());
        }
        putInstant(o, "nextTick", nextTick);
        o.put("firesLeft", firesLeft);
        o.put("active", active);
        return o;
    }

    static StoredAlarm fromDocument(Document doc) {
        JsonNode o = doc.body();
        AlarmDefinition.Kind kind = AlarmDefinition.Kind.valueOf(o.path("kind").asText());
        AlarmSchedule schedule = switch (kind) {
            case ALARM -> AlarmSchedule.CronTicks.of(o.path("cron").asText(), o.path("timezone").asText(),
                    instant(o, "startDate"), instant(o, "stopDate"));
            case INTERVAL -> new AlarmSchedule.IntervalTicks(Duration.ofMinutes(o.path("minutes").asLong()),
                    instant(o, "startDate"), instant(o, "stopDate"));
            case ONCE -> new AlarmSchedule.OnceTick(instant(o, "date"));
        };
        AlarmDefinition d = new AlarmDefinition(kind, schedule, (ObjectNode) o.path("payload"), o.path("maxTriggers").asLong(-1),
                o.hasNonNull("deleteAfterFire") ? o.get("deleteAfterFire").asText() : null);
        return new StoredAlarm(o.path("alarmTrigger").asText(), d, instant(o, "nextTick"), o.path("firesLeft").asLong(-1),
                o.path("active").asBoolean(), doc.rev());
    }

    private static void putInstant(ObjectNode o, String name, Instant value) {
        if (value != null) {
            o.put(name, value.toEpochMilli());
        }
    }

    private static Instant instant(JsonNode o, String name) {
        return o.hasNonNull(name) ? Instant.ofEpochMilli(o.get(name).asLong()) : null;
    }
}
