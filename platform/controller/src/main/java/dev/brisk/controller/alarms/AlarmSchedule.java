package dev.brisk.controller.alarms;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * When an alarm fires: the ticks of the alarms package's three feeds. Pure time arithmetic, no clock of its own, so the
 * scheduler asks "the first tick after t" both for the next fire and, after a restart, for the first tick from now on
 * (missed ticks are not replayed, as the provider does: FEED-011).
 */
public sealed interface AlarmSchedule permits AlarmSchedule.CronTicks, AlarmSchedule.IntervalTicks, AlarmSchedule.OnceTick {

    /** The first tick strictly after {@code t}, or empty when the schedule has no more ticks (stopDate passed, date fired). */
    Optional<Instant> nextAfter(Instant t);

    /**
     * The {@code alarm} feed: a cron expression in node's {@code cron} syntax as the provider reads it, 5 fields (minute
     * first) or 6 (second first), in {@code zone}; no tick before {@code startDate} or after {@code stopDate} (either may be null).
     */
    record CronTicks(String expression, ZoneId zone, Instant startDate, Instant stopDate, ExecutionTime executionTime)
            implements AlarmSchedule {
        private static final CronParser FIVE_FIELDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
                com.cronutils.model.CronType.UNIX));
        private static final CronParser SIX_FIELDS = new CronParser(sixFields());

        /** Parses {@code cron}; throws the provider's messages for a bad pattern or timezone. */
        public static CronTicks of(String cron, String timezone, Instant startDate, Instant stopDate) {
            ZoneId zone = zone(timezone);
            String trimmed = cron == null ? "" : cron.trim();
            String[] fields = trimmed.split("\\s+");
            Cron parsed;
            try {
                if (fields.length == 5) {
                    parsed = FIVE_FIELDS.parse(trimmed);
                } else if (fields.length == 6) {
                    parsed = SIX_FIELDS.parse(trimmed);
                } else {
                    throw new IllegalArgumentException("fields: " + fields.length);
                }
                parsed.validate();
            } catch (IllegalArgumentException e) {
                throw new InvalidAlarmException("cron pattern '" + cron + "' is not valid");
            }
            return new CronTicks(trimmed, zone, startDate, stopDate, ExecutionTime.forCron(parsed));
        }

        /** True for a 6-field pattern: the provider's {@code limitCronFields} option refuses those. */
        public boolean hasSeconds() {
            return expression.split("\\s+").length == 6;
        }

        @Override
        public Optional<Instant> nextAfter(Instant t) {
            Instant from = startDate != null && startDate.isAfter(t) ? startDate : t;
            return executionTime.nextExecution(from.atZone(zone))
                    .map(z -> z.toInstant())
                    .filter(next -> stopDate == null || !next.isAfter(stopDate));
        }

        // node cron's 6-field form: second minute hour day-of-month month day-of-week (0 or 7 is Sunday), day fields OR-ed
        private static CronDefinition sixFields() {
            return CronDefinitionBuilder.defineCron()
                    .withSeconds().withValidRange(0, 59).withStrictRange().and()
                    .withMinutes().withValidRange(0, 59).withStrictRange().and()
                    .withHours().withValidRange(0, 23).withStrictRange().and()
                    .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
                    .withMonth().withValidRange(1, 12).withStrictRange().and()
                    .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
                    .matchDayOfWeekAndDayOfMonth()
                    .instance();
        }

        private static ZoneId zone(String timezone) {
            if (timezone == null || timezone.isBlank()) {
                return ZoneOffset.UTC;
            }
            // moment-timezone's names (IANA), which the provider validates through node cron
            if (!ZoneId.getAvailableZoneIds().contains(timezone)) {
                throw new InvalidAlarmException("Invalid timezone.");
            }
            return ZoneId.of(timezone);
        }
    }

    /**
     * The {@code interval} feed: ticks at {@code startDate + k * period} for k >= 1 (the provider starts a setInterval at
     * startDate, so its first fire is one period later), none after {@code stopDate}.
     */
    record IntervalTicks(Duration period, Instant startDate, Instant stopDate) implements AlarmSchedule {
        public IntervalTicks {
            if (period.isZero() || period.isNegative()) {
                throw new InvalidAlarmException("the minutes parameter must be an integer greater than zero");
            }
        }

        @Override
        public Optional<Instant> nextAfter(Instant t) {
            long periodMs = period.toMillis();
            long elapsed = t.toEpochMilli() - startDate.toEpochMilli();
            long k = elapsed < 0 ? 1 : Math.floorDiv(elapsed, periodMs) + 1;
            Instant next = startDate.plusMillis(Math.multiplyExact(k, periodMs));
            return stopDate != null && next.isAfter(stopDate) ? Optional.empty() : Optional.of(next);
        }
    }

    /** The {@code once} feed: one tick at {@code date}. */
    record OnceTick(Instant date) implements AlarmSchedule {
        @Override
        public Optional<Instant> nextAfter(Instant t) {
            return date.isAfter(t) ? Optional.of(date) : Optional.empty();
        }
    }
}
