package dev.brisk.controller.alarms;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlarmScheduleTest {
    private static final Instant T = Instant.parse("2026-03-10T10:15:30.500Z"); // a Tuesday

    @Test
    void fiveFieldsTickOnTheMinute() {
        AlarmSchedule s = AlarmSchedule.CronTicks.of("*/5 * * * *", null, null, null);
        assertEquals(Optional.of(Instant.parse("2026-03-10T10:20:00Z")), s.nextAfter(T));
    }

    @Test
    void sixFieldsStartWithSeconds() {
        AlarmSchedule.CronTicks s = AlarmSchedule.CronTicks.of("*/2 * * * * *", null, null, null);
        assertTrue(s.hasSeconds());
        assertEquals(Optional.of(Instant.parse("2026-03-10T10:15:32Z")), s.nextAfter(T));
        assertEquals(Optional.of(Instant.parse("2026-03-10T10:15:34Z")), s.nextAfter(Instant.parse("2026-03-10T10:15:32Z")));
    }

    @Test
    void sundayIsZeroOrSeven() {
        Instant sunday = Instant.parse("2026-03-15T09:00:00Z");
        assertEquals(Optional.of(sunday), AlarmSchedule.CronTicks.of("0 9 * * 0", null, null, null).nextAfter(T));
        assertEquals(Optional.of(sunday), AlarmSchedule.CronTicks.of("0 0 9 * * 7", null, null, null).nextAfter(T));
    }

    @Test
    void timezoneShiftsTheTicks() {
        // T is 06:15 in New York; 09:00 there is 13:00 UTC (daylight saving time began on 2026-03-08, else 14:00)
        AlarmSchedule s = AlarmSchedule.CronTicks.of("0 9 * * *", "America/New_York", null, null);
        assertEquals(Optional.of(Instant.parse("2026-03-10T13:00:00Z")), s.nextAfter(T));
    }

    @Test
    void startDateDelaysAndStopDateEnds() {
        Instant start = Instant.parse("2026-03-10T12:00:00Z");
        Instant stop = Instant.parse("2026-03-10T12:10:00Z");
        AlarmSchedule s = AlarmSchedule.CronTicks.of("*/10 * * * *", null, start, stop);
        assertEquals(Optional.of(Instant.parse("2026-03-10T12:10:00Z")), s.nextAfter(T));
        assertEquals(Optional.empty(), s.nextAfter(stop));
    }

    @Test
    void badPatternsAndZonesAreRejectedWithTheProvidersMessages() {
        assertEquals("cron pattern '* * *' is not valid",
                assertThrows(InvalidAlarmException.class, () -> AlarmSchedule.CronTicks.of("* * *", null, null, null)).getMessage());
        assertEquals("cron pattern '61 * * * *' is not valid",
                assertThrows(InvalidAlarmException.class, () -> AlarmSchedule.CronTicks.of("61 * * * *", null, null, null)).getMessage());
        assertEquals("cron pattern '* * * * * * *' is not valid",
                assertThrows(InvalidAlarmException.class, () -> AlarmSchedule.CronTicks.of("* * * * * * *", null, null, null)).getMessage());
        assertEquals("Invalid timezone.",
                assertThrows(InvalidAlarmException.class, () -> AlarmSchedule.CronTicks.of("* * * * *", "Mars/Base", null, null)).getMessage());
    }

    @Test
    void intervalTicksOnePeriodAfterStartThenEveryPeriodAndSkipsMissedOnes() {
        Instant start = Instant.parse("2026-03-10T10:00:00Z");
        AlarmSchedule s = new AlarmSchedule.IntervalTicks(Duration.ofMinutes(10), start, Instant.parse("2026-03-10T10:30:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-03-10T10:10:00Z")), s.nextAfter(start.minusSeconds(60)));
        assertEquals(Optional.of(Instant.parse("2026-03-10T10:20:00Z")), s.nextAfter(T)); // 10:10 missed: not replayed
        assertEquals(Optional.of(Instant.parse("2026-03-10T10:30:00Z")), s.nextAfter(Instant.parse("2026-03-10T10:20:00Z")));
        assertEquals(Optional.empty(), s.nextAfter(Instant.parse("2026-03-10T10:30:00Z")));
        assertThrows(InvalidAlarmException.class, () -> new AlarmSchedule.IntervalTicks(Duration.ZERO, start, null));
    }

    @Test
    void onceTicksOnce() {
        AlarmSchedule s = new AlarmSchedule.OnceTick(T.plusSeconds(5));
        assertEquals(Optional.of(T.plusSeconds(5)), s.nextAfter(T));
        assertFalse(s.nextAfter(T.plusSeconds(5)).isPresent());
    }
}
