package dev.brisk.core.entity;

import dev.brisk.core.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationIdTest {

    @Test
    void generatesLowerCaseHex32() {
        String a = ActivationId.generate();
        assertTrue(a.matches("[0-9a-f]{32}"), a);
        assertNotEquals(a, ActivationId.generate());
        assertEquals(a, ActivationId.parse(a));
    }

    @Test
    void wrongLengthHasOpenWhisksMessage() {
        ApiException e = assertThrows(ApiException.class, () -> ActivationId.parse("abc"));
        assertEquals(400, e.status());
        assertEquals("Activation id length is 3 but must be 32.", e.getMessage());
        e = assertThrows(ApiException.class, () -> ActivationId.parse("0".repeat(33)));
        assertEquals("Activation id length is 33 but must be 32.", e.getMessage());
    }

    @Test
    void rightLengthButNotHexIsInvalid() {
        ApiException e = assertThrows(ApiException.class, () -> ActivationId.parse("Z".repeat(32)));
        assertEquals(400, e.status());
        assertEquals("The activation id is not valid.", e.getMessage());
        assertEquals("0123456789ABCDEF0123456789abcdef", ActivationId.parse("0123456789ABCDEF0123456789abcdef"));
    }
}
