package dev.brisk.core.entity;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntityNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "_", "7", "hello", "hello_world", "a b", "a  b", "a-b", "a.b", "a@b", "a&b",
            "a-", "a.", "a@", "a&", "Action 1.0 & co"})
    void valid(String name) {
        assertTrue(EntityName.isValid(name), name);
        assertEquals(name, EntityName.require(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " a", "a ", "$", "a$", "a$b", "-a", ".a", "@a", "&a", "a/b", "a\tb", "a\nb",
            "a b "})
    void invalid(String name) {
        assertFalse(EntityName.isValid(name), name);
        ApiException e = assertThrows(ApiException.class, () -> EntityName.require(name));
        assertEquals(400, e.status());
        assertEquals(Messages.ILLEGAL_NAME, e.getMessage());
    }

    @Test
    void nullIsInvalid() {
        assertFalse(EntityName.isValid(null));
        assertThrows(ApiException.class, () -> EntityName.require(null));
    }

    @Test
    void atMost256Characters() {
        assertTrue(EntityName.isValid("a".repeat(256)));
        assertTrue(EntityName.isValid("a" + " ".repeat(254) + "b"));
        assertFalse(EntityName.isValid("a".repeat(257)));
    }

    @Test
    void tooLongHasOpenWhisksMessage() {
        ApiException e = assertThrows(ApiException.class, () -> EntityName.require("a".repeat(257)));
        assertEquals(400, e.status());
        assertEquals("Name segement longer than allowed: 257 > 256.", e.getMessage());
    }
}
