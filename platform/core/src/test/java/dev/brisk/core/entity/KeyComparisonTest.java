package dev.brisk.core.entity;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys are stored as OpenWhisk stores them (the action gets its own key as {@code __OW_API_KEY}, the admin API shows
 * it), so the comparison is what must not leak: it is {@link java.security.MessageDigest#isEqual}, whose time depends
 * only on the stored key's length, never on where a guess first differs. A timing measurement cannot tell 64 bytes
 * apart reliably on a shared machine; the class file shows which comparison runs.
 */
class KeyComparisonTest {
    private static final String KEY = AuthKeyTest.KEY;

    @Test
    void comparesTheWholeSecret() {
        AuthKey k = AuthKey.parse(AuthKeyTest.UUID + ":" + KEY).orElseThrow();
        assertTrue(k.keyEquals(KEY));
        assertFalse(k.keyEquals("X" + KEY.substring(1)), "differs in the first character");
        assertFalse(k.keyEquals(KEY.substring(0, 63) + "X"), "differs in the last character");
        assertFalse(k.keyEquals(KEY.substring(0, 32)), "a prefix");
        assertFalse(k.keyEquals(KEY + KEY), "longer");
        assertFalse(k.keyEquals(""), "empty");
    }

    @Test
    void usesTheConstantTimeComparisonOfTheJdk() throws IOException {
        String classFile = classFileOf(AuthKey.class);
        assertTrue(classFile.contains("java/security/MessageDigest") && classFile.contains("isEqual"),
                "AuthKey.keyEquals must compare with MessageDigest.isEqual");
        assertFalse(classFile.contains("regionMatches") || classFile.contains("contentEquals")
                || classFile.contains("compareTo"), "no early-exit String comparison in AuthKey");
    }

    /** The class file's bytes as Latin-1 text: constant-pool names appear verbatim. */
    static String classFileOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            assertNotNull(in, "class file of " + type);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
