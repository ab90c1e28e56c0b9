package dev.brisk.controller.admin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminAuthFilterTest {
    @Test
    void onlyTheExactCredentialMatches() {
        assertTrue(AdminAuthFilter.matches("admin:secret", "admin:secret"));
        assertFalse(AdminAuthFilter.matches("admin:secreT", "admin:secret"));
        assertFalse(AdminAuthFilter.matches("admin:secret2", "admin:secret"));
        assertFalse(AdminAuthFilter.matches("", "admin:secret"));
        assertFalse(AdminAuthFilter.matches(null, "admin:secret"));
    }

    @Test
    void newKeysAre64Alphanumerics() {
        String key = AdminResource.newKey();
        assertEquals(64, key.length());
        assertTrue(key.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c)));
    }
}
