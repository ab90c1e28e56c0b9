package dev.brisk.core.store;

import java.util.Comparator;
import java.util.List;

/**
 * View keys are lists of strings and longs compared element by element in CouchDB's collation order
 * (numbers before strings, a shorter list before a longer one with the same prefix). {@link #MAX} stands for
 * CouchDB's {@code {}}, which sorts after every number and string.
 */
public final class ViewKeys {
    /** Sorts after every other element; CouchDB's {@code {}} in an end key. */
    public static final Object MAX = new Object() {
        @Override
        public String toString() {
            return "{}";
        }
    };

    public static final Comparator<List<Object>> ORDER = ViewKeys::compare;

    private ViewKeys() {
    }

    public static int compare(List<Object> a, List<Object> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareElement(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int rank(Object o) {
        if (o == MAX) {
            return 3;
        }
        if (o instanceof Number) {
            return 1;
        }
        if (o instanceof String) {
            return 2;
        }
        throw new IllegalArgumentException("view key elements are strings or numbers, got " + o);
    }

    private static int compareElement(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        if (ra == 1) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (ra == 2) {
            return ((String) a).compareTo((String) b);
        }
        return 0;
    }
}
