package dev.brisk.store.embedded;

import dev.brisk.core.store.ViewKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The encoding must order entries exactly as {@link ViewKeys#ORDER} orders keys; checked on random keys. */
class ViewKeyCodecTest {
    private static final long[] NUMBERS = {Long.MIN_VALUE, -65536, -1, 0, 1, 2, 10, 65535, 65536, Long.MAX_VALUE};
    private static final char[] CHARS = {'\u0000', '\u0001', '\u0002', 'a', 'b', 'B', '\u00e9', '\ud83d', '\ude80', '\uffff'};

    private static List<Object> randomKey(Random r) {
        List<Object> key = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (r.nextBoolean()) {
                key.add(r.nextInt(3) == 0 ? r.nextLong() : NUMBERS[r.nextInt(NUMBERS.length)]);
            } else {
                StringBuilder s = new StringBuilder();
                int len = r.nextInt(4);
                for (int c = 0; c < len; c++) {
                    s.append(CHARS[r.nextInt(CHARS.length)]);
                }
                key.add(s.toString());
            }
        }
        return key;
    }

    @Test
    void entryOrderIsCollationOrderThenDocumentId() {
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            List<Object> a = randomKey(r);
            List<Object> b = randomKey(r);
            String ida = r.nextBoolean() ? "x" : "\u0000\u0002y";
            String idb = r.nextBoolean() ? "x" : "\u0001";
            int expected = Integer.signum(ViewKeys.compare(a, b));
            if (expected == 0) {
                expected = Integer.signum(ida.compareTo(idb));
            }
            int actual = Integer.signum(ViewKeyCodec.entry(a, ida).compareTo(ViewKeyCodec.entry(b, idb)));
            assertEquals(expected, actual, a + "/" + ida + " vs " + b + "/" + idb);
        }
    }

    @Test
    void keysDecode() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            List<Object> key = randomKey(r);
            assertEquals(key, ViewKeyCodec.key(ViewKeyCodec.entry(key, "doc/id")));
        }
        assertEquals(List.of(5L), ViewKeyCodec.key(ViewKeyCodec.entry(List.of(5), "d"))); // ints come back as longs
    }

    @Test
    void boundsSelectExactlyTheInclusiveRange() {
        Random r = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            List<Object> key = randomKey(r);
            List<Object> low = randomKey(r);
            List<Object> high = randomKey(r);
            if (r.nextInt(4) == 0) {
                high.add(ViewKeys.MAX);
            }
            if (r.nextInt(8) == 0) {
                low = new ArrayList<>(key); // hit the bounds exactly now and then
            }
            if (r.nextInt(8) == 0) {
                high = new ArrayList<>(key);
            }
            boolean expected = ViewKeys.compare(low, key) <= 0 && ViewKeys.compare(key, high) <= 0;
            String entry = ViewKeyCodec.entry(key, r.nextBoolean() ? "" : "\u0000doc");
            boolean actual = entry.compareTo(ViewKeyCodec.lowBound(low)) >= 0
                    && entry.compareTo(ViewKeyCodec.highBound(high)) <= 0;
            assertEquals(expected, actual, key + " in [" + low + ", " + high + "]");
        }
    }
}
