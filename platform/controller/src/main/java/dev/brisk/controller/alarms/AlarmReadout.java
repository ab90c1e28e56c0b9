package dev.brisk.controller.alarms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

import java.time.Instant;

/** A READ's answer, as the provider's (alarmWebAction.js, get): {@code {config: {...}, status: {...}}} (FEED-008). */
final class AlarmReadout {
    private AlarmReadout() {
    }

    static ObjectNode of(AlarmStore.StoredAlarm alarm, String namespace, String name) {
        ObjectNode body = Json.object();
        ObjectNode config = body.putObject("config");
        config.put("name", name).put("namespace", namespace);
        config.set("payload", alarm.definition().payload());
        switch (alarm.definition().schedule()) {
            case AlarmSchedule.CronTicks c -> {
                config.put("cron", c.expression());
                config.put("timezone", c.zone().getId());
                putDate(config, "startDate", c.startDate());
                putDate(config, "stopDate", c.stopDate());
            }
            case AlarmSchedule.IntervalTicks i -> {
                config.put("minutes", i.period().toMinutes());
                putDate(config, "startDate", i.startDate());
                putDate(config, "stopDate", i.stopDate());
            }
            case AlarmSchedule.OnceTick t -> {
                putDate(config, "date", t.date());
                config.put("deleteAfterFire", alarm.definition().deleteAfterFire() == null ? "false"
                        : alarm.definition().deleteAfterFire());
            }
        }
        ObjectNode status = body.putObject("status");
        status.put("active", alarm.active() && alarm.nextTick() != null);
        long changed = System.currentTimeMillis();
        status.put("dateChanged", changed).put("dateChangedISO", Instant.ofEpochMilli(changed).toString());
        if (!alarm.active() || alarm.nextTick() == null) {
            status.putObject("reason").put("kind", "AUTO").put("message", "no more scheduled fires");
        }
        return body;
    }

    private static void putDate(ObjectNode o, String name, Instant value) {
        if (value != null) {
            o.put(name, value.toString());
        }
    }
}
