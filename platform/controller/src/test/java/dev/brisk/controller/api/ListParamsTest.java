package dev.brisk.controller.api;

import dev.brisk.core.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListParamsTest {
    @Test
    void defaultsAreThirtyFromTheStart() {
        ListParams p = ListParams.parse(null, null, null, "actions");
        assertEquals(30, p.limit());
        assertEquals(0, p.skip());
        assertEquals(false, p.count());
    }

    @Test
    void zeroMeansTheMaximum() {
        assertEquals(200, ListParams.parse("0", null, null, "actions").limit());
    }

    @Test
    void limitAboveTwoHundredIsRefusedWithOpenWhisksText() {
        ApiException e = assertThrows(ApiException.class, () -> ListParams.parse("201", null, null, "actions"));
        assertEquals(400, e.status());
        assertEquals("The value '201' is not in the range of 0 to 200 for actions.", e.getMessage());
    }

    @Test
    void negativeSkipAndNonIntegersAreRefused() {
        assertEquals("The value '-1' is not greater than or equal to 0 for activations.",
                assertThrows(ApiException.class, () -> ListParams.parse(null, "-1", null, "activations")).getMessage());
        assertEquals("The value 'x' is not an integer for actions.",
                assertThrows(ApiException.class, () -> ListParams.parse("x", null, null, "actions")).getMessage());
    }

    @Test
    void countIsRead() {
        assertTrue(ListParams.parse("5", "2", "true", "actions").count());
    }
}
