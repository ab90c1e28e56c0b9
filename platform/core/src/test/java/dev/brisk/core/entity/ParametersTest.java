package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParametersTest {

    private static Parameters parse(String json) {
        return Parameters.fromJson(Json.parse(json));
    }

    private static List<String> keys(Parameters p) {
        return p.entries().stream().map(KeyValue::key).toList();
    }

    @Test
    void absentIsEmpty() {
        assertSame(Parameters.EMPTY, Parameters.fromJson(null));
        assertSame(Parameters.EMPTY, Parameters.fromJson(Json.parse("null")));
        assertSame(Parameters.EMPTY, Parameters.fromJson(Json.object().path("missing")));
        assertEquals(List.of(), parse("[]").entries());
    }

    @Test
    void parsesKeyValueList() {
        String json = "[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":{\"x\":[true,null]}}]";
        Parameters p = parse(json);
        assertEquals(List.of("a", "b"), keys(p));
        assertEquals(Optional.of(IntNode.valueOf(1)), p.get("a"));
        assertEquals(Json.parse("{\"x\":[true,null]}"), p.get("b").orElseThrow());
        assertEquals(Json.parse(json), p.toJson());
        assertEquals(Json.parse("{\"a\":1,\"b\":{\"x\":[true,null]}}"), p.toObject());
    }

    @Test
    void missingValueIsNull() {
        Parameters p = parse("[{\"key\":\"a\"}]");
        assertTrue(p.get("a").orElseThrow().isNull());
    }

    @Test
    void laterDuplicateReplacesEarlier() {
        Parameters p = parse("[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":2},{\"key\":\"a\",\"value\":3}]");
        assertEquals(List.of("a", "b"), keys(p));
        assertEquals(3, p.get("a").orElseThrow().asInt());
    }

    @Test
    void initFlagRoundTrips() {
        Parameters p = parse("[{\"key\":\"a\",\"value\":1,\"init\":true},{\"key\":\"b\",\"value\":2,\"init\":false}]");
        assertTrue(p.entries().get(0).isInit());
        assertFalse(p.entries().get(1).isInit());
        assertEquals(Json.parse("[{\"key\":\"a\",\"value\":1,\"init\":true},{\"key\":\"b\",\"value\":2}]"), p.toJson());
    }

    @Test
    void rejectsNonArray() {
        Json.MalformedJsonException e = assertThrows(Json.MalformedJsonException.class, () -> parse("{\"a\":1}"));
        assertEquals("Expected List as JsArray, but got JsObject", e.getMessage());
        e = assertThrows(Json.MalformedJsonException.class, () -> parse("\"a\""));
        assertEquals("Expected List as JsArray, but got JsString", e.getMessage());
        e = assertThrows(Json.MalformedJsonException.class, () -> parse("5"));
        assertEquals("Expected List as JsArray, but got JsNumber", e.getMessage());
    }

    @Test
    void rejectsEntriesWithoutStringKey() {
        for (String bad : List.of("[1]", "[{\"value\":1}]", "[{\"key\":5,\"value\":1}]", "[\"a\"]")) {
            Json.MalformedJsonException e = assertThrows(Json.MalformedJsonException.class, () -> parse(bad), bad);
            assertEquals("Object expected in field 'key'", e.getMessage());
        }
    }

    @Test
    void rejectsNonBooleanInit() {
        Json.MalformedJsonException e = assertThrows(Json.MalformedJsonException.class,
                () -> parse("[{\"key\":\"a\",\"value\":1,\"init\":\"yes\"}]"));
        assertEquals("Expected Boolean as JsBoolean in field 'init'", e.getMessage());
    }

    @Test
    void mergeReplacesByKeyAndKeepsOrder() {
        Parameters base = parse("[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":2}]");
        Parameters over = parse("[{\"key\":\"b\",\"value\":3},{\"key\":\"c\",\"value\":4}]");
        Parameters merged = base.merge(over);
        assertEquals(List.of("a", "b", "c"), keys(merged));
        assertEquals(Json.parse("{\"a\":1,\"b\":3,\"c\":4}"), merged.toObject());
        // the inputs are unchanged
        assertEquals(Json.parse("{\"a\":1,\"b\":2}"), base.toObject());
        assertEquals(base, base.merge(Parameters.EMPTY));
    }

    @Test
    void withWithoutAndWithIfAbsent() {
        Parameters p = Parameters.EMPTY.with("a", TextNode.valueOf("x"));
        assertEquals(Optional.of(TextNode.valueOf("x")), p.get("a"));
        assertEquals(TextNode.valueOf("x"), p.withIfAbsent("a", TextNode.valueOf("y")).get("a").orElseThrow());
        assertEquals(TextNode.valueOf("y"), p.withIfAbsent("b", TextNode.valueOf("y")).get("b").orElseThrow());
        assertEquals(Optional.empty(), p.without("a").get("a"));
        assertEquals(TextNode.valueOf("z"), p.with("a", TextNode.valueOf("z")).get("a").orElseThrow());
    }

    @Test
    void isTrueOnlyForBooleanTrue() {
        Parameters p = parse("[{\"key\":\"t\",\"value\":true},{\"key\":\"f\",\"value\":false},{\"key\":\"s\",\"value\":\"true\"}]");
        assertTrue(p.isTrue("t"));
        assertFalse(p.isTrue("f"));
        assertFalse(p.isTrue("s"));
        assertFalse(p.isTrue("missing"));
    }

    @Test
    void sizeIsTheSerializedLength() {
        Parameters p = parse("[{\"key\":\"a\",\"value\":1}]");
        assertEquals("[{\"key\":\"a\",\"value\":1}]".length(), p.size());
    }
}
