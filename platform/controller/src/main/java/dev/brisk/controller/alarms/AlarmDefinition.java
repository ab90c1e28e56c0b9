package dev.brisk.controller.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A feed's CREATE parameters, checked as the alarms provider checks them (apache/openwhisk-package-alarms
 * action/alarmWebAction.js, POST), in its order and with its messages (FEED-004..007).
 *
 * @param payload        what every fire posts: {@code trigger_payload}, a string wrapped as {@code {"payload": ...}}, or {}
 * @param maxTriggers    fires left to make; -1 is unbounded
 * @param deleteAfterFire for {@code once}: "false", "true" or "rules"; null otherwise
 */
public record AlarmDefinition(Kind kind, AlarmSchedule schedule, ObjectNode payload, long maxTriggers, String deleteAfterFire) {

    public enum Kind { ALARM, INTERVAL, ONCE }

    /** The provider starts an interval without startDate 30 seconds after the create. */
    static final Duration INTERVAL_DEFAULT_START = Duration.ofSeconds(30);

    public static AlarmDefinition fromCreate(Kind kind, JsonNode params, Instant now) {
        ObjectNode payload = payload(params.get("trigger_payload"));
        long maxTriggers = maxTriggers(params.get("maxTriggers"));
        if (kind == Kind.ONCE) {
            String dateText = text(params, "date");
            if (dateText == null) {
                throw new InvalidAlarmException("alarms once trigger feed is missing the date parameter");
            }
            Instant date = date(dateText, "date", now, null);
            String deleteAfterFire = null;
            if (truthy(params.get("deleteAfterFire"))) {
                deleteAfterFire = params.get("deleteAfterFire").asText().trim().toLowerCase(java.util.Locale.ROOT);
                if (!java.util.List.of("false", "true", "rules").contains(deleteAfterFire)) {
                    throw new InvalidAlarmException("deleteAfterFire parameter must be one of [false, true, rules].");
                }
            }
            return new AlarmDefinition(kind, new AlarmSchedule.OnceTick(date), payload, maxTriggers, deleteAfterFire);
        }
        Duration period = null;
        String cron = null;
        if (kind == Kind.INTERVAL) {
            period = Duration.ofMinutes(minutes(params.get("minutes")));
        } else {
            cron = text(params, "cron");
            if (cron == null) {
                throw new InvalidAlarmException("alarms trigger feed is missing the cron parameter");
            }
            // parsed now for its errors; built again below with the dates
            AlarmSchedule.CronTicks.of(cron, text(params, "timezone"), null, null);
        }
        String startText = text(params, "startDate");
        Instant startDate = startText != null ? date(startText, "startDate", now, null)
                : kind == Kind.INTERVAL ? now.plus(INTERVAL_DEFAULT_START) : null;
        String stopText = text(params, "stopDate");
        if (truthy(params.get("maxTriggers")) && stopText != null) {
            throw new InvalidAlarmException(kind == Kind.INTERVAL
                    ? "maxTriggers is not supported for the interval trigger feed"
                    : "maxTriggers is not allowed when the stopDate parameter is specified");
        }
        Instant stopDate = stopText == null ? null : date(stopText, "stopDate", now, startDate == null ? null : startText != null
                ? startText : startDate.toString());
        AlarmSchedule schedule = kind == Kind.INTERVAL
                ? new AlarmSchedule.IntervalTicks(period, startDate, stopDate)
                : AlarmSchedule.CronTicks.of(cron, text(params, "timezone"), startDate, stopDate);
        if (stopDate != null && kind == Kind.ALARM && schedule.nextAfter(now).isEmpty()) {
            throw new InvalidAlarmException("the first scheduled trigger fire is not until after the stop date");
        }
        return new AlarmDefinition(kind, schedule, payload, maxTriggers, null);
    }

    private static ObjectNode payload(JsonNode given) {
        if (given == null || given.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (given.isObject()) {
            return given.deepCopy();
        }
        if (given.isTextual() && given.asText().isEmpty()) {
            return JsonNodeFactory.instance.objectNode(); // '' is falsy: the provider's `|| {}`
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.set("payload", given.deepCopy());
        return wrapped;
    }

    private static long maxTriggers(JsonNode given) {
        if (!truthy(given)) {
            return -1;
        }
        if (given.canConvertToLong() && given.isIntegralNumber()) {
            return given.asLong();
        }
        if (given.isTextual()) {
            try {
                return Long.parseLong(given.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new InvalidAlarmException("the maxTriggers parameter must be an integer");
    }

    private static long minutes(JsonNode given) {
        if (!truthy(given)) {
            throw new InvalidAlarmException("interval trigger feed is missing the minutes parameter");
        }
        long minutes;
        try {
            minutes = given.isIntegralNumber() ? given.asLong() : Long.parseLong(given.asText().trim());
        } catch (NumberFormatException e) {
            throw new InvalidAlarmException("the minutes parameter must be an integer");
        }
        if (minutes <= 0) {
            throw new InvalidAlarmException("the minutes parameter must be an integer greater than zero");
        }
        return minutes;
    }

    /** The provider's validateDate: a date, in the future, after startDate when one is given. */
    static Instant date(String value, String param, Instant now, String startDate) {
        Instant date = parseDate(value);
        if (date == null) {
            throw new InvalidAlarmException(param + " parameter '" + value + "' is not a valid Date");
        }
        if (!date.isAfter(now)) {
            throw new InvalidAlarmException(param + " parameter '" + value + "' must be in the future");
        }
        if (startDate != null && !date.isAfter(parseDate(startDate))) {
            throw new InvalidAlarmException(param + " parameter '" + value + "' must be greater than the startDate parameter '"
                    + startDate + "'");
        }
        return date;
    }

    /** ISO-8601 with an offset (what JavaScript's Date reads unambiguously), or epoch milliseconds. */
    static Instant parseDate(String value) {
        String v = value.trim();
        if (v.matches("-?\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(v));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String text(JsonNode params, String name) {
        JsonNode v = params.get(name);
        if (!truthy(v)) {
            return null;
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    // JavaScript truthiness of a parameter, as the provider's `if (params.x)` reads it
    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() != 0;
        }
        return !v.isTextual() || !v.asText().isEmpty();
    }
}
