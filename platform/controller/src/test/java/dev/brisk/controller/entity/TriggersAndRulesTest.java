package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.brisk.controller.entity.EntityFixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Triggers and rules in the whisks database in OpenWhisk's shapes: what the API answers, what the store holds, and
 * the trigger's rule table that firing reads.
 */
class TriggersAndRulesTest {
    @TempDir
    Path dir;
    private EntityFixture f;

    @BeforeEach
    void setUp() {
        f = new EntityFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** The JSON without {@code updated}, after checking it is a time. */
    private static JsonNode timeless(JsonNode json) {
        assertTrue(json.path("updated").asLong() > 0, json.toString());
        ObjectNode copy = json.deepCopy();
        copy.remove("updated");
        return copy;
    }

    private JsonNode stored(String docId) {
        return timeless(f.stores.whisks().get(docId).orElseThrow().body());
    }

    private static JsonNode json(String text) {
        return Json.parse(text);
    }

    @Test
    void aTriggerIsStoredAndAnsweredInOpenWhisksShape() {
        JsonNode created = f.triggers.put("alice", "t", "{\"parameters\": [{\"key\": \"a\", \"value\": 1}],"
                + " \"annotations\": [{\"key\": \"feed\", \"value\": \"/whisk.system/alarms/alarm\"}]}", false).toJson();
        JsonNode expected = json("""
                {"namespace": "alice", "name": "t", "version": "0.0.1", "publish": false,
                 "annotations": [{"key": "feed", "value": "/whisk.system/alarms/alarm"}],
                 "parameters": [{"key": "a", "value": 1}], "limits": {}}""");
        assertEquals(expected, timeless(created));
        ObjectNode doc = expected.deepCopy();
        doc.put("entityType", "trigger");
        assertEquals(doc, stored("alice/t"));
        assertEquals(created, f.triggers.get("alice", "t").toJson());
    }

    @Test
    void anUpdateBumpsThePatchVersionAndKeepsWhatTheBodyDoesNotName() {
        f.triggers.put("alice", "t", "{\"publish\": true, \"parameters\": [{\"key\": \"a\", \"value\": 1}],"
                + " \"annotations\": [{\"key\": \"x\", \"value\": 2}]}", false);
        JsonNode kept = f.triggers.put("alice", "t", "{}", true).toJson();
        assertEquals("0.0.2", kept.path("version").asText());
        assertTrue(kept.path("publish").asBoolean());
        assertEquals(json("[{\"key\": \"a\", \"value\": 1}]"), kept.get("parameters"));
        assertEquals(json("[{\"key\": \"x\", \"value\": 2}]"), kept.get("annotations"));

        JsonNode replaced = f.triggers.put("alice", "t", "{\"version\": \"1.2.3\", \"publish\": false,"
                + " \"parameters\": [], \"annotations\": [{\"key\": \"y\", \"value\": 3}]}", true).toJson();
        assertEquals("1.2.3", replaced.path("version").asText());
        assertFalse(replaced.path("publish").asBoolean());
        assertEquals(json("[]"), replaced.get("parameters"));
        assertEquals(json("[{\"key\": \"y\", \"value\": 3}]"), replaced.get("annotations"));

        assertEquals(409, assertThrows(ApiException.class, () -> f.triggers.put("alice", "t", "{}", false)).status());
        assertThrows(Json.MalformedJsonException.class,
                () -> f.triggers.put("alice", "t", "{\"publish\": \"yes\"}", true));
        assertEquals(400, assertThrows(ApiException.class, () -> f.triggers.put("alice", "u",
                "{\"annotations\": [{\"key\": \"feed\", \"value\": \"nofeed\"}]}", false)).status());
    }

    @Test
    void aRuleIsStoredWithItsTriggerAndActionAndItsStatusLivesInTheTrigger() {
        f.triggers.put("alice", "t", "{}", false);
        f.action(ALICE, "alice", "a");
        JsonNode created = f.rules.put(ALICE, "alice", "r", "{\"trigger\": \"/_/t\", \"action\": \"/_/a\"}", false)
                .toJson();
        JsonNode expected = json("""
                {"namespace": "alice", "name": "r", "version": "0.0.1", "publish": false, "annotations": [],
                 "trigger": {"path": "alice", "name": "t"}, "action": {"path": "alice", "name": "a"},
                 "status": "active"}""");
        assertEquals(expected, timeless(created));
        ObjectNode doc = expected.deepCopy();
        doc.remove("status");
        doc.put("entityType", "rule");
        assertEquals(doc, stored("alice/r"));
        assertEquals(json("{\"alice/r\": {\"action\": {\"path\": \"alice\", \"name\": \"a\"}, \"status\": \"active\"}}"),
                stored("alice/t").get("rules"));
        JsonNode trigger = f.triggers.get("alice", "t").toJson();
        assertEquals(stored("alice/t").get("rules"), trigger.get("rules"));
        assertFalse(f.triggers.list("alice", 0, 0).get(0).toSummaryJson().has("rules"));
        assertFalse(f.triggers.list("alice", 0, 0).get(0).toSummaryJson().has("parameters"));
        assertEquals(created, f.rules.get("alice", "r").toJson());
        assertEquals(1, f.rules.count("alice"));
        assertEquals(created, f.rules.list("alice", 0, 0).get(0).toJson());
    }

    @Test
    void disablingMovingAndDeletingARuleKeepTheTriggersTableInStep() {
        f.triggers.put("alice", "t", "{}", false);
        f.triggers.put("alice", "t2", "{}", false);
        f.action(ALICE, "alice", "a");
        f.rules.put(ALICE, "alice", "r", "{\"trigger\": \"/_/t\", \"action\": \"/_/a\"}", false);

        assertEquals("inactive", f.rules.setStatus("alice", "r", "{\"status\": \"inactive\"}").status());
        assertEquals("inactive", f.rules.get("alice", "r").status());
        assertEquals(400, assertThrows(ApiException.class,
                () -> f.rules.setStatus("alice", "r", "{\"status\": \"on\"}")).status());

        JsonNode moved = f.rules.put(ALICE, "alice", "r", "{\"trigger\": \"/_/t2\"}", true).toJson();
        assertEquals("0.0.2", moved.path("version").asText());
        assertEquals("inactive", moved.path("status").asText(), "an update keeps the status");
        assertEquals(json("{\"path\": \"alice\", \"name\": \"a\"}"), moved.get("action"), "and the action");
        assertEquals(json("{}"), stored("alice/t").get("rules"));
        assertFalse(f.triggers.get("alice", "t").toJson().has("rules"), "an empty table is not shown");
        assertEquals("inactive", stored("alice/t2").path("rules").path("alice/r").path("status").asText());

        assertEquals("inactive", f.rules.delete("alice", "r").status());
        assertEquals(json("{}"), stored("alice/t2").get("rules"));
        assertEquals(0, f.rules.count("alice"));
    }

    @Test
    void aRuleWhoseTriggerIsGoneCanBeDisabledButNotEnabled() {
        f.triggers.put("alice", "t", "{}", false);
        f.action(ALICE, "alice", "a");
        f.rules.put(ALICE, "alice", "r", "{\"trigger\": \"/_/t\", \"action\": \"/_/a\"}", false);
        f.triggers.delete("alice", "t");

        assertEquals("inactive", f.rules.setStatus("alice", "r", "{\"status\": \"inactive\"}").status());
        ApiException enable = assertThrows(ApiException.class,
                () -> f.rules.setStatus("alice", "r", "{\"status\": \"active\"}"));
        assertEquals(404, enable.status());
        assertEquals("Only rules with existing triggers can be activated", enable.getMessage());
    }

    @Test
    void aRuleNeedsAnExistingTriggerAndAction() {
        f.triggers.put("alice", "t", "{}", false);
        f.action(ALICE, "alice", "a");
        assertEquals("trigger /alice/nope does not exist", assertThrows(ApiException.class,
                () -> f.rules.put(ALICE, "alice", "r", "{\"trigger\": \"/_/nope\", \"action\": \"/_/a\"}", false))
                .getMessage());
        assertEquals("action /alice/nope does not exist", assertThrows(ApiException.class,
                () -> f.rules.put(ALICE, "alice", "r", "{\"trigger\": \"/_/t\", \"action\": \"/_/nope\"}", false))
                .getMessage());
        assertThrows(Json.MalformedJsonException.class, () -> f.rules.put(ALICE, "alice", "r", "{}", false));
    }

    @Test
    void aMalformedVersionOrPublishIsA400ForEveryEntity() {
        f.triggers.put("alice", "t", "{}", false);
        f.action(ALICE, "alice", "a");
        String rule = "\"trigger\": \"/_/t\", \"action\": \"/_/a\", ";
        for (String bad : new String[]{"\"version\": \"1.2\"", "\"version\": \"a.b.c\"", "\"publish\": \"true\"",
                "\"publish\": 1"}) {
            String body = "{" + bad + "}";
            assertThrows(Json.MalformedJsonException.class, () -> f.packages.put(ALICE, "alice", "p", body, true), bad);
            assertThrows(Json.MalformedJsonException.class, () -> f.triggers.put("alice", "t", body, true), bad);
            assertThrows(Json.MalformedJsonException.class,
                    () -> f.rules.put(ALICE, "alice", "r", "{" + rule + bad + "}", true), bad);
            assertThrows(Json.MalformedJsonException.class, () -> f.actions.put(ALICE, "alice", "a", body, true), bad);
        }
        assertEquals("version must be a semantic version: 1.2", assertThrows(Json.MalformedJsonException.class,
                () -> f.triggers.put("alice", "t", "{\"version\": \"1.2\"}", true)).getMessage());
        assertEquals("Expected Boolean as JsBoolean in field 'publish'", assertThrows(Json.MalformedJsonException.class,
                () -> f.rules.put(ALICE, "alice", "r", "{" + rule + "\"publish\": \"true\"}", true)).getMessage());
    }
}
