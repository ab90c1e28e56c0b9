package dev.brisk.core.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewKeysTest {

    private static int sign(List<Object> a, List<Object> b) {
        return Integer.signum(ViewKeys.compare(a, b));
    }

    @Test
    void numbersBeforeStringsBeforeMax() {
        assertEquals(-1, sign(List.of(999L), List.of("0")));
        assertEquals(-1, sign(List.of("zzz"), List.of(ViewKeys.MAX)));
        assertEquals(-1, sign(List.of(Long.MAX_VALUE), List.of(ViewKeys.MAX)));
        assertEquals(1, sign(List.of("a"), List.of(5L)));
    }

    @Test
    void numbersCompareNumericallyAcrossTypes() {
        assertEquals(-1, sign(List.of(2L), List.of(10L)));
        assertEquals(-1, sign(List.of(-3L), List.of(2)));
        assertEquals(0, sign(List.of(7), List.of(7L)));
    }

    @Test
    void shorterPrefixFirst() {
        assertEquals(-1, sign(List.of("a"), List.of("a", 1L)));
        assertEquals(1, sign(List.of("a", 1L), List.of("a")));
        assertEquals(-1, sign(List.of(), List.of(0L)));
        assertEquals(-1, sign(List.of("a", ViewKeys.MAX), List.of("b")));
        assertEquals(1, sign(List.of("a", ViewKeys.MAX), List.of("a", "zzz", 5L)));
    }

    @Test
    void equalKeysCompareEqual() {
        assertEquals(0, sign(List.of("ns", "action", 5L), List.of("ns", "action", 5L)));
        assertEquals(0, sign(List.of(ViewKeys.MAX), List.of(ViewKeys.MAX)));
    }

    @Test
    void stringsCompareByCodeUnit() {
        assertEquals(-1, sign(List.of("a"), List.of("ab")));
        assertEquals(-1, sign(List.of("B"), List.of("a")));
    }

    @Test
    void sortingAShuffledListGivesCollationOrder() {
        List<List<Object>> expected = List.of(List.of(), List.of(-1L), List.of(1L), List.of(1L, "x"), List.of(2L),
                List.of("a"), List.of("a", 1L), List.of("a", "b"), List.of("a", ViewKeys.MAX), List.of("b"),
                List.of(ViewKeys.MAX));
        List<List<Object>> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(3));
        shuffled.sort(ViewKeys.ORDER);
        assertEquals(expected, shuffled);
    }

    @Test
    void otherElementTypesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ViewKeys.compare(List.of(true), List.of(1L)));
    }

    @Test
    void prefixQueryCoversExactlyThePrefix() {
        ViewQuery q = ViewQuery.prefix("ns", "action");
        assertEquals(List.of("ns", "action"), q.low());
        assertTrue(ViewKeys.compare(List.of("ns", "action", Long.MAX_VALUE), q.high()) < 0);
        assertTrue(ViewKeys.compare(List.of("ns", "action", "zzz"), q.high()) < 0);
        assertTrue(ViewKeys.compare(List.of("ns", "actions"), q.high()) > 0);
        assertEquals(0, q.skip());
        assertEquals(0, q.limit());
    }
}
