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
            String deleteAfterFire = truthy(params.get("deleteAfterFire")) ? deleteAfterFire(params.get("deleteAfterFire"))
                    : null;
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

    /**
     * An UPDATE: the parameters given merged into {@code old}, as the provider's put branch does (alarmWebAction.js). The
     * stored alarm's kind decides which parameters are read, whichever feed action is called: {@code trigger_payload}
     * for all; {@code date}, {@code deleteAfterFire} for a once alarm; {@code minutes} for an interval, {@code cron},
     * {@code timezone} (checked together with the stored other) and {@code strict} for a cron alarm, and
     * {@code startDate}, {@code stopDate} for both. Each is checked as on CREATE, in the provider's order;
     * {@code maxTriggers} and the rest are ignored, and when no parameter is left the update is refused.
     */
    public static AlarmDefinition update(AlarmDefinition old, JsonNode params, Instant now) {
        boolean given = false;
        ObjectNode payload = old.payload();
        if (truthy(params.get("trigger_payload"))) {
            payload = payload(params.get("trigger_payload"));
            given = true;
        }
        AlarmSchedule schedule;
        String deleteAfterFire = old.deleteAfterFire();
        switch (old.schedule()) {
            case AlarmSchedule.OnceTick once -> {
                Instant date = once.date();
                String dateText = text(params, "date");
                if (dateText != null) {
                    date = date(dateText, "date", now, null);
                    given = true;
                }
                if (truthy(params.get("deleteAfterFire"))) {
                    deleteAfterFire = deleteAfterFire(params.get("deleteAfterFire"));
                    given = true;
                }
                schedule = new AlarmSchedule.OnceTick(date);
            }
            case AlarmSchedule.IntervalTicks interval -> {
                Duration period = interval.period();
                if (truthy(params.get("minutes"))) {
                    period = Duration.ofMinutes(minutes(params.get("minutes")));
                    given = true;
                }
                UpdatedDates dates = UpdatedDates.of(interval.startDate(), interval.stopDate(), params, now);
                given |= dates.given();
                schedule = new AlarmSchedule.IntervalTicks(period, dates.start(), dates.stop());
            }
            case AlarmSchedule.CronTicks cron -> {
                String expression = cron.expression();
                String timezone = cron.zone().equals(java.time.ZoneOffset.UTC) ? null : cron.zone().getId();
                String newCron = text(params, "cron");
                String newTimezone = text(params, "timezone");
                if (newCron != null || newTimezone != null) {
                    expression = newCron != null ? newCron : expression;
                    timezone = newTimezone != null ? newTimezone : timezone;
                    AlarmSchedule.CronTicks.of(expression, timezone, null, null); // the provider's messages, now
                    given = true;
                }
                // the provider stores strict (whether fires may be delayed at random); Brisk fires on the tick either way
                given |= params.has("strict");
                UpdatedDates dates = UpdatedDates.of(cron.startDate(), cron.stopDate(), params, now);
                given |= dates.given();
                schedule = AlarmSchedule.CronTicks.of(expression, timezone, dates.start(), dates.stop());
            }
        }
        if (!given) {
            throw new InvalidAlarmException("no updatable parameters were specified");
        }
        return new AlarmDefinition(old.kind(), schedule, payload, old.maxTriggers(), deleteAfterFire);
    }

    /** An UPDATE's startDate and stopDate over the stored ones; {@code given} when either was in the parameters. */
    private record UpdatedDates(Instant start, Instant stop, boolean given) {
        /** A new stopDate must follow the new or stored startDate; a new startDate alone must precede the stored stopDate. */
        static UpdatedDates of(Instant start, Instant stop, JsonNode params, Instant now) {
            String startText = text(params, "startDate");
            String stopText = text(params, "stopDate");
            Instant newStart = startText == null ? start : date(startText, "startDate", now, null);
            Instant newStop = stop;
            if (stopText != null) {
                newStop = date(stopText, "stopDate", now, startText != null ? startText
                        : start == null ? null : start.toString());
            } else if (startText != null && stop != null && !newStart.isBefore(stop)) {
                throw new InvalidAlarmException("startDate parameter '" + startText
                        + "' must be less than the stopDate parameter '" + stop + "'");
            }
            return new UpdatedDates(newStart, newStop, startText != null || stopText != null);
        }
    }

    private static String deleteAfterFire(JsonNode given) {
        String value = given.asText().trim().toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of("false", "true", "rules").contains(value)) {
            throw new InvalidAlarmException("deleteAfterFire parameter must be one of [false, true, rules].");
        }
        return value;
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
