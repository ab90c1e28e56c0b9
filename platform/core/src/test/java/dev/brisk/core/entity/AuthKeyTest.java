package dev.brisk.core.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthKeyTest {
    static final String UUID = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502";
    static final String KEY = "123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";

    @Test
    void parsesTheGuestKey() {
        AuthKey k = AuthKey.parse(UUID + ":" + KEY).orElseThrow();
        assertEquals(UUID, k.uuid());
        assertEquals(KEY, k.key());
        assertEquals(UUID + ":" + KEY, k.compact());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not-a-uuid:" + KEY,
            "23bc46b1-71f6-4ed5-8c54:" + KEY,
            "23bc46b171f64ed58c54816aa4f8c502" + KEY,   // no colon
            ":" + KEY,
            UUID + ":",
            UUID + ":abc-def",                           // not alphanumeric
            UUID + ":abc def",
            UUID + ":" + KEY + "x",                      // 65 characters
            ""})
    void rejects(String text) {
        assertTrue(AuthKey.parse(text).isEmpty(), text);
    }

    @Test
    void rejectsNull() {
        assertTrue(AuthKey.parse(null).isEmpty());
    }

    @Test
    void keyComparison() {
        AuthKey k = AuthKey.parse(UUID + ":" + KEY).orElseThrow();
        assertTrue(k.keyEquals(KEY));
        assertFalse(k.keyEquals(KEY.substring(1)));
        assertFalse(k.keyEquals(KEY.toLowerCase()));
    }

    @Test
    void toStringHidesTheSecret() {
        String s = AuthKey.parse(UUID + ":" + KEY).orElseThrow().toString();
        assertTrue(s.contains(UUID));
        assertFalse(s.contains(KEY));
    }
}
