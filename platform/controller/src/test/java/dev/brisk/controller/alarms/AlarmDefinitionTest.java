package dev.brisk.controller.alarms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static dev.brisk.controller.alarms.AlarmDefinition.Kind.ALARM;
import static dev.brisk.controller.alarms.AlarmDefinition.Kind.INTERVAL;
import static dev.brisk.controller.alarms.AlarmDefinition.Kind.ONCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AlarmDefinitionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-10T10:00:00Z");

    private static ObjectNode params(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static String error(AlarmDefinition.Kind kind, String json) throws Exception {
        ObjectNode p = params(json);
        return assertThrows(InvalidAlarmException.class, () -> AlarmDefinition.fromCreate(kind, p, NOW)).getMessage();
    }

    @Test
    void payloadIsTriggerPayloadAStringWrappedOrEmpty() throws Exception {
        assertEquals(params("{\"a\":1}"), AlarmDefinition.fromCreate(ALARM, params("{\"cron\":\"* * * * *\",\"trigger_payload\":{\"a\":1}}"), NOW).payload());
        assertEquals(params("{\"payload\":\"hi\"}"), AlarmDefinition.fromCreate(ALARM, params("{\"cron\":\"* * * * *\",\"trigger_payload\":\"hi\"}"), NOW).payload());
        AlarmDefinition bare = AlarmDefinition.fromCreate(ALARM, params("{\"cron\":\"* * * * *\"}"), NOW);
        assertEquals(params("{}"), bare.payload());
        assertEquals(-1, bare.maxTriggers());
    }

    @Test
    void alarmErrorsAreTheProviders() throws Exception {
        assertEquals("alarms trigger feed is missing the cron parameter", error(ALARM, "{}"));
        assertEquals("cron pattern 'nope' is not valid", error(ALARM, "{\"cron\":\"nope\"}"));
        assertEquals("startDate parameter 'yesterday' is not a valid Date", error(ALARM, "{\"cron\":\"* * * * *\",\"startDate\":\"yesterday\"}"));
        assertEquals("startDate parameter '2020-01-01T00:00:00Z' must be in the future",
                error(ALARM, "{\"cron\":\"* * * * *\",\"startDate\":\"2020-01-01T00:00:00Z\"}"));
        assertEquals("stopDate parameter '2026-03-11T00:00:00Z' must be greater than the startDate parameter '2026-03-12T00:00:00Z'",
                error(ALARM, "{\"cron\":\"* * * * *\",\"startDate\":\"2026-03-12T00:00:00Z\",\"stopDate\":\"2026-03-11T00:00:00Z\"}"));
        assertEquals("maxTriggers is not allowed when the stopDate parameter is specified",
                error(ALARM, "{\"cron\":\"* * * * *\",\"maxTriggers\":3,\"stopDate\":\"2026-03-11T00:00:00Z\"}"));
        assertEquals("the first scheduled trigger fire is not until after the stop date",
                error(ALARM, "{\"cron\":\"0 0 1 1 *\",\"stopDate\":\"2026-03-11T00:00:00Z\"}"));
        assertEquals("the maxTriggers parameter must be an integer", error(ALARM, "{\"cron\":\"* * * * *\",\"maxTriggers\":\"x\"}"));
    }

    @Test
    void intervalStartsThirtySecondsFromNowByDefault() throws Exception {
        AlarmDefinition d = AlarmDefinition.fromCreate(INTERVAL, params("{\"minutes\":\"2\"}"), NOW);
        assertEquals(Optional.of(NOW.plusSeconds(30 + 120)), d.schedule().nextAfter(NOW));
        assertEquals("interval trigger feed is missing the minutes parameter", error(INTERVAL, "{}"));
        assertEquals("the minutes parameter must be an integer", error(INTERVAL, "{\"minutes\":\"1.5\"}"));
        assertEquals("the minutes parameter must be an integer greater than zero", error(INTERVAL, "{\"minutes\":-3}"));
        assertEquals("maxTriggers is not supported for the interval trigger feed",
                error(INTERVAL, "{\"minutes\":1,\"maxTriggers\":2,\"stopDate\":\"2026-03-11T00:00:00Z\"}"));
    }

    @Test
    void onceNeedsAFutureDateAndAKnownDeleteAfterFire() throws Exception {
        AlarmDefinition d = AlarmDefinition.fromCreate(ONCE, params("{\"date\":\"2026-03-10T11:30:00+01:00\",\"deleteAfterFire\":\"Rules\"}"), NOW);
        assertEquals(Optional.of(Instant.parse("2026-03-10T10:30:00Z")), d.schedule().nextAfter(NOW));
        assertEquals("rules", d.deleteAfterFire());
        assertEquals("alarms once trigger feed is missing the date parameter", error(ONCE, "{}"));
        assertEquals("date parameter '2026-03-10T11:00:00+01:00' must be in the future", error(ONCE, "{\"date\":\"2026-03-10T11:00:00+01:00\"}"));
        assertEquals("deleteAfterFire parameter must be one of [false, true, rules].",
                error(ONCE, "{\"date\":\"2026-03-10T12:00:00Z\",\"deleteAfterFire\":\"maybe\"}"));
    }
    private static AlarmDefinition update(AlarmDefinition old, String json) throws Exception {
        return AlarmDefinition.update(old, params(json), NOW);
    }

    private static String updateError(AlarmDefinition old, String json) throws Exception {
        ObjectNode p = params(json);
        return assertThrows(InvalidAlarmException.class, () -> AlarmDefinition.update(old, p, NOW)).getMessage();
    }

    @Test
    void anUpdateKeepsWhatItDoesNotGive() throws Exception {
        AlarmDefinition old = AlarmDefinition.fromCreate(ALARM, params("{\"cron\":\"0 * * * *\",\"timezone\":\"Europe/Berlin\","
                + "\"trigger_payload\":{\"a\":1},\"stopDate\":\"2026-04-01T00:00:00Z\"}"), NOW);
        AlarmDefinition cron = update(old, "{\"cron\":\"30 * * * *\"}");
        AlarmSchedule.CronTicks ticks = (AlarmSchedule.CronTicks) cron.schedule();
        assertEquals("30 * * * *", ticks.expression());
        assertEquals("Europe/Berlin", ticks.zone().getId(), "the stored timezone stays");
        assertEquals(Instant.parse("2026-04-01T00:00:00Z"), ticks.stopDate(), "the stored stopDate stays");
        assertEquals(params("{\"a\":1}"), cron.payload(), "the stored payload stays");

        AlarmDefinition payload = update(old, "{\"trigger_payload\":\"hi\"}");
        assertEquals(params("{\"payload\":\"hi\"}"), payload.payload());
        assertEquals("0 * * * *", ((AlarmSchedule.CronTicks) payload.schedule()).expression());
    }

    @Test
    void anUpdateReadsTheParametersOfTheStoredKindOnly() throws Exception {
        AlarmDefinition interval = AlarmDefinition.fromCreate(INTERVAL, params("{\"minutes\":2}"), NOW);
        AlarmDefinition faster = update(interval, "{\"minutes\":1,\"cron\":\"not even read\"}");
        assertEquals(java.time.Duration.ofMinutes(1), ((AlarmSchedule.IntervalTicks) faster.schedule()).period());
        assertEquals("the minutes parameter must be an integer greater than zero", updateError(interval, "{\"minutes\":-1}"));
        assertEquals("no updatable parameters were specified", updateError(interval, "{\"cron\":\"* * * * *\"}"));

        AlarmDefinition once = AlarmDefinition.fromCreate(ONCE, params("{\"date\":\"2026-03-11T00:00:00Z\"}"), NOW);
        AlarmDefinition later = update(once, "{\"date\":\"2026-03-12T00:00:00Z\",\"minutes\":3}");
        assertEquals(Optional.of(Instant.parse("2026-03-12T00:00:00Z")), later.schedule().nextAfter(NOW));
        assertEquals("rules", update(once, "{\"deleteAfterFire\":\"Rules\"}").deleteAfterFire());
        assertEquals("deleteAfterFire parameter must be one of [false, true, rules].",
                updateError(once, "{\"deleteAfterFire\":\"later\"}"));
        assertEquals("date parameter '2020-01-01T00:00:00Z' must be in the future",
                updateError(once, "{\"date\":\"2020-01-01T00:00:00Z\"}"));
    }

    @Test
    void anUpdateIsCheckedInTheProvidersOrderWithItsTexts() throws Exception {
        AlarmDefinition old = AlarmDefinition.fromCreate(ALARM, params("{\"cron\":\"0 * * * *\","
                + "\"stopDate\":\"2026-04-01T00:00:00Z\"}"), NOW);
        assertEquals("no updatable parameters were specified", updateError(old, "{}"));
        assertEquals("no updatable parameters were specified", updateError(old, "{\"maxTriggers\":3,\"lifecycleEvent\":\"UPDATE\"}"));
        assertEquals("cron pattern 'every day' is not valid", updateError(old, "{\"cron\":\"every day\",\"startDate\":\"nope\"}"));
        // a timezone alone is checked with the stored cron
        assertEquals("Invalid timezone.", updateError(old, "{\"timezone\":\"Mars/Base\"}"));
        assertEquals("startDate parameter 'nope' is not a valid Date", updateError(old, "{\"startDate\":\"nope\"}"));
        assertEquals("startDate parameter '2026-05-01T00:00:00Z' must be less than the stopDate parameter '2026-04-01T00:00:00Z'",
                updateError(old, "{\"startDate\":\"2026-05-01T00:00:00Z\"}"));
        assertEquals("stopDate parameter '2026-03-20T00:00:00Z' must be greater than the startDate parameter '2026-03-25T00:00:00Z'",
                updateError(old, "{\"startDate\":\"2026-03-25T00:00:00Z\",\"stopDate\":\"2026-03-20T00:00:00Z\"}"));
        AlarmDefinition moved = update(old, "{\"startDate\":\"2026-05-01T00:00:00Z\",\"stopDate\":\"2026-06-01T00:00:00Z\"}");
        AlarmSchedule.CronTicks movedTicks = (AlarmSchedule.CronTicks) moved.schedule();
        assertEquals(Instant.parse("2026-05-01T00:00:00Z"), movedTicks.startDate());
        assertEquals(Instant.parse("2026-06-01T00:00:00Z"), movedTicks.stopDate());
        assertEquals(old.maxTriggers(), update(old, "{\"strict\":false}").maxTriggers(), "strict alone is an update");
    }
}
