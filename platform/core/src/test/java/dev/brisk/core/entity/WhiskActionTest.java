package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.WhiskViews;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhiskActionTest {

    static WhiskAction action() {
        return new WhiskAction("guest/utils", "hello", new SemVer(0, 0, 3), false,
                Parameters.fromJson(Json.parse("[{\"key\":\"exec\",\"value\":\"nodejs:20\"},{\"key\":\"web-export\",\"value\":true}]")),
                Parameters.fromJson(Json.parse("[{\"key\":\"greeting\",\"value\":\"hi\"},{\"key\":\"n\",\"value\":{\"deep\":[1,2]},\"init\":true}]")),
                new Exec("nodejs:20", "function main() { return {}; }", false, null),
                new ActionLimits(1000, 256, 10, 1), 1_700_000_000_123L);
    }

    @Test
    void idsAndPaths() {
        WhiskAction a = action();
        assertEquals("guest/utils/hello", a.docId());
        assertEquals("guest/utils/hello", a.path());
        assertEquals("guest", a.rootNamespace());
    }

    @Test
    void documentFormRoundTripsThroughText() {
        WhiskAction a = action();
        ObjectNode doc = a.toDocument();
        assertEquals("action", doc.get("entityType").asText());
        assertEquals("function main() { return {}; }", doc.at("/exec/code").asText());
        WhiskAction back = WhiskAction.fromDocument(Json.parse(Json.write(doc)));
        assertEquals(a, back);
        assertEquals(Json.write(doc), Json.write(back.toDocument()));
    }

    @Test
    void apiFormHasNoEntityTypeAndOptionalCode() {
        WhiskAction a = action();
        ObjectNode withCode = a.toJson(true);
        assertFalse(withCode.has("entityType"));
        assertEquals(a.exec().code(), withCode.at("/exec/code").asText());
        ObjectNode withoutCode = a.toJson(false);
        assertFalse(withoutCode.path("exec").has("code"));
        assertEquals("nodejs:20", withoutCode.at("/exec/kind").asText());
        assertEquals("0.0.3", withoutCode.get("version").asText());
        assertEquals(1_700_000_000_123L, withoutCode.get("updated").asLong());
        assertEquals(Json.parse("[{\"key\":\"greeting\",\"value\":\"hi\"},{\"key\":\"n\",\"value\":{\"deep\":[1,2]},\"init\":true}]"),
                withoutCode.get("parameters"));
    }

    @Test
    void summaryFormOmitsParametersAndCode() {
        ObjectNode s = action().toSummaryJson();
        assertFalse(s.has("parameters"));
        assertEquals(Json.parse("{\"binary\":false}"), s.get("exec"));
        assertEquals(List.of("namespace", "name", "version", "publish", "annotations", "limits", "exec", "updated"),
                fieldNames(s));
        assertEquals("guest/utils", s.get("namespace").asText());
        assertTrue(s.get("annotations").isArray());
    }

    @Test
    void documentIsIndexedByTheEntitiesView() {
        List<List<Object>> keys = WhiskViews.WHISKS.get(0).keys().apply(action().toDocument());
        assertEquals(List.of(List.of("guest", "action", 1_700_000_000_123L)), keys);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
