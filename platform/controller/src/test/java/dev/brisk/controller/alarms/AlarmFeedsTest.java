package dev.brisk.controller.alarms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.EmbeddedStores;
import dev.brisk.controller.entity.EntityCache;
import dev.brisk.controller.entity.EntityDocs;
import dev.brisk.controller.entity.Subject;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.entity.TriggerStore;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alarm feed answers lifecycle calls in the provider's order and with its texts (FEED-005, FEED-010). */
class AlarmFeedsTest {
    private static final String UUID = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502";
    private static final String KEY = "123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
    private static final String OWNER_KEY = UUID + ":" + KEY;
    private static final String NOBODYS_KEY = "00000000-0000-0000-0000-000000000000:" + KEY;
    private static final Identity GUEST = new Identity("guest", "guest", UUID, KEY);
    private static final String ALARM = "whisk.system/alarms/alarm";

    @TempDir
    Path dir;
    private Stores stores;
    private TriggerStore triggers;
    private AlarmFeeds feeds;

    @BeforeEach
    void setUp() {
        stores = EmbeddedStores.open(dir);
        SubjectStore subjects = new SubjectStore(stores);
        subjects.create(Subject.create("guest", new Subject.Namespace("guest", UUID, KEY)));
        triggers = new TriggerStore(SystemLimits.OPENWHISK, new EntityDocs(stores, new EntityCache(null, null, Duration.ZERO, 0)));
        triggers.put("guest", "ticks", "{}", false);
        feeds = new AlarmFeeds(stores, subjects, triggers, "whisk.system");
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    private ActivationResponse call(String event, String authKey, String more) {
        ObjectNode params = (ObjectNode) Json.parse("{\"triggerName\": \"/guest/ticks\", \"authKey\": \"" + authKey + "\""
                + (event == null ? "" : ", \"lifecycleEvent\": \"" + event + "\"") + more + "}");
        return feeds.run(GUEST, ALARM, params);
    }

    private static String error(ActivationResponse r) {
        assertFalse(r.isSuccess(), r.toString());
        return r.result().path("error").asText();
    }

    @Test
    void createChecksTheParametersBeforeTheKey() {
        assertEquals("cron pattern 'every day' is not valid",
                error(call("CREATE", NOBODYS_KEY, ", \"cron\": \"every day\"")));
        assertEquals("alarms trigger feed is missing the cron parameter", error(call("CREATE", NOBODYS_KEY, "")));
        assertEquals(AlarmFeeds.AUTH_FAILED, error(call("CREATE", NOBODYS_KEY, ", \"cron\": \"0 * * * *\"")));
        assertTrue(new AlarmStore(stores.whisks()).get("/guest/ticks").isEmpty(), "nothing stored");
    }

    @Test
    void theLifecycleEventIsCheckedFirstAndIsCaseSensitive() {
        assertEquals(AlarmFeeds.UNSUPPORTED_EVENT, error(call(null, NOBODYS_KEY, "")));
        assertEquals(AlarmFeeds.UNSUPPORTED_EVENT, error(call("create", OWNER_KEY, ", \"cron\": \"0 * * * *\"")));
        assertEquals(AlarmFeeds.UNSUPPORTED_EVENT, error(feeds.run(GUEST, ALARM, Json.object()
                .put("lifecycleEvent", "PAUSE"))));
    }

    @Test
    void readUpdateAndDeleteCheckTheKeyBeforeAnythingElse() {
        assertEquals(AlarmFeeds.AUTH_FAILED, error(call("READ", NOBODYS_KEY, "")));
        assertEquals(AlarmFeeds.AUTH_FAILED, error(call("UPDATE", NOBODYS_KEY, ", \"cron\": \"every day\"")));
        assertEquals(AlarmFeeds.AUTH_FAILED, error(call("DELETE", NOBODYS_KEY, "")));
        assertEquals("could not find trigger /guest/ticks in the database", error(call("READ", OWNER_KEY, "")));
    }

    @Test
    void aSecondCreateReplacesTheAlarmAndDeleteWorksAfterTheTriggerIsGone() {
        assertTrue(call("CREATE", OWNER_KEY, ", \"cron\": \"0 * * * *\"").isSuccess());
        assertTrue(call("CREATE", OWNER_KEY, ", \"cron\": \"30 * * * *\"").isSuccess());
        assertEquals("30 * * * *", call("READ", OWNER_KEY, "").result().path("config").path("cron").asText());

        triggers.delete("guest", "ticks");
        assertEquals(AlarmFeeds.AUTH_FAILED, error(call("READ", OWNER_KEY, "")));
        assertTrue(call("DELETE", OWNER_KEY, "").isSuccess());
        assertEquals("could not find trigger /guest/ticks in the database", error(call("DELETE", OWNER_KEY, "")));
    }
    @Test
    void anUpdateMergesItsParametersIntoTheStoredAlarm() {
        assertTrue(call("CREATE", OWNER_KEY, ", \"cron\": \"0 * * * *\", \"trigger_payload\": {\"a\": 1}").isSuccess());
        assertTrue(call("UPDATE", OWNER_KEY, ", \"cron\": \"30 * * * *\"").isSuccess());
        var config = call("READ", OWNER_KEY, "").result().path("config");
        assertEquals("30 * * * *", config.path("cron").asText(), config.toString());
        assertEquals(1, config.path("payload").path("a").asInt(), "the payload it did not give stays: " + config);

        assertEquals("no updatable parameters were specified", error(call("UPDATE", OWNER_KEY, ", \"maxTriggers\": 2")));
        assertEquals("cron pattern 'every day' is not valid", error(call("UPDATE", OWNER_KEY, ", \"cron\": \"every day\"")));
        assertEquals("30 * * * *", call("READ", OWNER_KEY, "").result().path("config").path("cron").asText(),
                "a refused update changes nothing");
    }

    @Test
    void theTriggerIsTheCallersWhateverNamespaceTriggerNameNames() {
        ObjectNode elsewhere = (ObjectNode) Json.parse("{\"triggerName\": \"/someone-else/ticks\", \"authKey\": \""
                + OWNER_KEY + "\", \"lifecycleEvent\": \"CREATE\", \"cron\": \"0 * * * *\"}");
        assertTrue(feeds.run(GUEST, ALARM, elsewhere).isSuccess());
        assertTrue(new AlarmStore(stores.whisks()).get("/guest/ticks").isPresent(), "the caller's trigger has the alarm");
        assertTrue(new AlarmStore(stores.whisks()).get("/someone-else/ticks").isEmpty());
    }

    @Test
    void withoutATriggerNameTheAuthenticationFailsAfterACreatesParameters() {
        // the provider's feed action names the trigger "undefined"; its "no trigger name" error never shows
        ObjectNode noName = (ObjectNode) Json.parse("{\"authKey\": \"" + OWNER_KEY + "\", \"lifecycleEvent\": \"CREATE\"}");
        assertEquals("alarms trigger feed is missing the cron parameter", error(feeds.run(GUEST, ALARM, noName)));
        noName.put("cron", "0 * * * *");
        assertEquals(AlarmFeeds.AUTH_FAILED, error(feeds.run(GUEST, ALARM, noName)));
        noName.put("triggerName", "/guest");
        assertEquals(AlarmFeeds.AUTH_FAILED, error(feeds.run(GUEST, ALARM, noName)));
        noName.put("triggerName", "/guest/pkg/ticks");
        assertEquals(AlarmFeeds.AUTH_FAILED, error(feeds.run(GUEST, ALARM, noName)));
        noName.put("triggerName", "ticks");
        assertTrue(feeds.run(GUEST, ALARM, noName).isSuccess(), "an unqualified name is the caller's trigger");
    }

    @Test
    void theNamePartIsTheProvidersParseQName() {
        assertEquals("undefined", AlarmFeeds.namePart(null));
        assertEquals("t", AlarmFeeds.namePart("t"));
        assertEquals("t", AlarmFeeds.namePart("/ns/t"));
        assertEquals("p/t", AlarmFeeds.namePart("/ns/p/t"));
        assertEquals("", AlarmFeeds.namePart("/ns"));
        assertEquals("", AlarmFeeds.namePart("/ns/"));
    }
}
