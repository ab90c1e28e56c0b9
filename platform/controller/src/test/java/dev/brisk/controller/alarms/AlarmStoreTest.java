package dev.brisk.controller.alarms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.EmbeddedStores;
import dev.brisk.core.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AlarmStore on the real embedded store: round trip, the tick claim two controllers race for, fires left, delete. */
class AlarmStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-10T10:00:00Z");
    private static final String TRIGGER = "/guest/every2s";

    @TempDir
    Path dir;
    private Stores stores;

    @BeforeEach
    void open() {
        stores = EmbeddedStores.open(dir);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private static AlarmDefinition everyTwoSeconds(String extra) throws Exception {
        ObjectNode p = (ObjectNode) new ObjectMapper().readTree("{\"cron\":\"*/2 * * * * *\",\"trigger_payload\":{\"n\":1}" + extra + "}");
        return AlarmDefinition.fromCreate(AlarmDefinition.Kind.ALARM, p, NOW);
    }

    @Test
    void anAlarmIsStoredOnceAndReadBack() throws Exception {
        AlarmStore store = new AlarmStore(stores.whisks());
        assertTrue(store.create(TRIGGER, everyTwoSeconds(",\"timezone\":\"Europe/Berlin\""), NOW));
        assertFalse(store.create(TRIGGER, everyTwoSeconds(""), NOW));
        AlarmStore.StoredAlarm read = store.get(TRIGGER).orElseThrow();
        assertEquals(NOW.plusSeconds(2), read.nextTick());
        assertEquals(-1, read.firesLeft());
        assertEquals("{\"n\":1}", read.definition().payload().toString());
        assertEquals("Europe/Berlin", ((AlarmSchedule.CronTicks) read.definition().schedule()).zone().getId());
    }

    @Test
    void ofTwoControllersClaimingOneTickOnlyOneWins() throws Exception {
        AlarmStore first = new AlarmStore(stores.whisks());
        AlarmStore second = new AlarmStore(stores.whisks());
        first.create(TRIGGER, everyTwoSeconds(""), NOW);
        AlarmStore.StoredAlarm seenByFirst = first.get(TRIGGER).orElseThrow();
        AlarmStore.StoredAlarm seenBySecond = second.get(TRIGGER).orElseThrow();
        Instant due = seenByFirst.nextTick();
        assertTrue(first.claim(seenByFirst, due));
        assertFalse(second.claim(seenBySecond, due));
        assertEquals(due.plusSeconds(2), second.get(TRIGGER).orElseThrow().nextTick());
    }

    @Test
    void maxTriggersRunsOutAndDeleteRemoves() throws Exception {
        AlarmStore store = new AlarmStore(stores.whisks());
        store.create(TRIGGER, everyTwoSeconds(",\"maxTriggers\":2"), NOW);
        assertTrue(store.claim(store.get(TRIGGER).orElseThrow(), NOW.plusSeconds(2)));
        AlarmStore.StoredAlarm once = store.get(TRIGGER).orElseThrow();
        assertEquals(1, once.firesLeft());
        assertTrue(store.claim(once, NOW.plusSeconds(4)));
        AlarmStore.StoredAlarm spent = store.get(TRIGGER).orElseThrow();
        assertEquals(0, spent.firesLeft());
        assertNull(spent.nextTick());
        assertFalse(spent.active());
        assertTrue(store.delete(TRIGGER));
        assertFalse(store.delete(TRIGGER));
        assertTrue(store.get(TRIGGER).isEmpty());
    }
}
