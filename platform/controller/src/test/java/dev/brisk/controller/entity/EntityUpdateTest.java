package dev.brisk.controller.entity;

import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The update rule of every entity's PUT: what a create starts with, what an update keeps and replaces. */
class EntityUpdateTest {
    private static final Parameters STORED = Parameters.EMPTY.with("a", Json.MAPPER.getNodeFactory().numberNode(1));

    private static EntityUpdate of(String body) {
        return EntityUpdate.of(Json.parse(body));
    }

    @Test
    void anEmptyBodyCreatesVersionOneUnpublishedWithNothingAndKeepsEverythingOnUpdate() {
        EntityUpdate empty = of("{}");
        assertEquals(SemVer.INITIAL, empty.version(Optional.empty()));
        assertFalse(empty.publish(false));
        assertEquals(Parameters.EMPTY, empty.annotations(Parameters.EMPTY));
        assertEquals(Parameters.EMPTY, empty.parameters(Parameters.EMPTY));

        assertEquals(new SemVer(1, 2, 4), empty.version(Optional.of(new SemVer(1, 2, 3))));
        assertTrue(empty.publish(true));
        assertEquals(STORED, empty.annotations(STORED));
        assertEquals(STORED, empty.parameters(STORED));
    }

    @Test
    void whatTheBodyGivesReplacesTheStoredFieldAsAWhole() {
        EntityUpdate given = of("{\"version\": \"2.0.0\", \"publish\": false, \"annotations\": [],"
                + " \"parameters\": [{\"key\": \"b\", \"value\": 2}]}");
        assertEquals(new SemVer(2, 0, 0), given.version(Optional.of(new SemVer(1, 2, 3))));
        assertFalse(given.publish(true));
        assertEquals(Parameters.EMPTY, given.annotations(STORED));
        assertEquals(Parameters.EMPTY.with("b", Json.MAPPER.getNodeFactory().numberNode(2)), given.parameters(STORED));
        assertEquals(STORED, of("{\"version\": null, \"publish\": null}").parameters(STORED));
        assertTrue(of("{\"publish\": null}").publish(true));
        assertEquals(new SemVer(0, 0, 2), of("{\"version\": null}").version(Optional.of(SemVer.INITIAL)));
    }

    @Test
    void aMalformedVersionOrPublishIsMalformedJson() {
        assertEquals("version must be a semantic version: 1.2", assertThrows(Json.MalformedJsonException.class,
                () -> of("{\"version\": \"1.2\"}").version(Optional.empty())).getMessage());
        assertThrows(Json.MalformedJsonException.class, () -> of("{\"version\": {}}").version(Optional.empty()));
        assertEquals("Expected Boolean as JsBoolean in field 'publish'", assertThrows(Json.MalformedJsonException.class,
                () -> of("{\"publish\": \"true\"}").publish(false)).getMessage());
        assertThrows(Json.MalformedJsonException.class, () -> of("{\"parameters\": {}}").parameters(STORED));
    }
}
