package dev.brisk.store.embedded;

import dev.brisk.core.store.ViewKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes view keys as strings whose {@link String#compareTo} order (the order of MVStore's string keys) is
 * {@link ViewKeys#ORDER}, so the index maps are range-scanned directly on disk with no in-memory copy.
 * <p>
 * Each element is a type tag ({@code 1} number &lt; {@code 2} string &lt; {@code 3} MAX) and a self-delimiting
 * body: a number is 4 chars of {@code value ^ Long.MIN_VALUE} (big-endian, so unsigned char order is numeric
 * order); a string is its chars with {@code \0}/{@code \1} escaped, ended by {@code \0}. An index entry is the
 * encoded key, {@link #END}, then the document id: END sorts below every tag, so a key precedes its extensions
 * whatever the document ids, and equal keys are ordered by document id as in CouchDB.
 */
final class ViewKeyCodec {
    static final char END = '\u0000';
    private static final char NUMBER = '\u0001';
    private static final char STRING = '\u0002';
    private static final char MAX = '\u0003';

    private ViewKeyCodec() {
    }

    /** The index map key of {@code docId} emitted under {@code key}. */
    static String entry(List<Object> key, String docId) {
        return encode(key).append(END).append(docId).toString();
    }

    /** The smallest entry with a key &gt;= {@code low}. */
    static String lowBound(List<Object> low) {
        return low == null ? null : encode(low).append(END).toString();
    }

    /** Above every entry with a key &lt;= {@code high} and below every entry with a greater key. */
    static String highBound(List<Object> high) {
        // \1 is above END (entries of exactly this key) and at most the first tag of any extension (longer, so greater)
        return high == null ? null : encode(high).append('\u0001').toString();
    }

    private static StringBuilder encode(List<Object> key) {
        StringBuilder sb = new StringBuilder();
        for (Object element : key) {
            if (element == ViewKeys.MAX) {
                sb.append(MAX);
            } else if (element instanceof Number n) {
                long bits = n.longValue() ^ Long.MIN_VALUE;
                sb.append(NUMBER);
                for (int shift = 48; shift >= 0; shift -= 16) {
                    sb.append((char) (bits >>> shift));
                }
            } else if (element instanceof String s) {
                sb.append(STRING);
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c <= '\u0001') {
                        sb.append('\u0001').append((char) (c + 1));
                    } else {
                        sb.append(c);
                    }
                }
                sb.append(END);
            } else {
                throw new IllegalArgumentException("view key elements are strings or numbers, got " + element);
            }
        }
        return sb;
    }

    /** The key of an index entry (numbers come back as {@link Long}). */
    static List<Object> key(String entry) {
        List<Object> key = new ArrayList<>();
        int i = 0;
        while (true) {
            char tag = entry.charAt(i++);
            switch (tag) {
                case END -> {
                    return key;
                }
                case NUMBER -> {
                    long bits = 0;
                    for (int k = 0; k < 4; k++) {
                        bits = (bits << 16) | entry.charAt(i++);
                    }
                    key.add(bits ^ Long.MIN_VALUE);
                }
                case STRING -> {
                    StringBuilder s = new StringBuilder();
                    for (char c = entry.charAt(i++); c != END; c = entry.charAt(i++)) {
                        s.append(c == '\u0001' ? (char) (entry.charAt(i++) - 1) : c);
                    }
                    key.add(s.toString());
                }
                case MAX -> key.add(ViewKeys.MAX);
                default -> throw new IllegalStateException("corrupt view index entry");
            }
        }
    }
}
