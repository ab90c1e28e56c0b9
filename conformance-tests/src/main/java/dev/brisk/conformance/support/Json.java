package dev.brisk.conformance.support;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;

/** Small JSON helpers over Groovy's JSON parser (shipped with REST Assured); values are Maps, Lists and scalars. */
public final class Json {

    /** Marks a member that is not present (as opposed to a JSON null). */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };

    private Json() {
    }

    public static Object parse(String text) {
        if (text == null || text.isBlank()) {
            throw new AssertionError("Expected a JSON body but the body is empty");
        }
        try {
            return new JsonSlurper().parseText(text.trim());
        } catch (RuntimeException e) {
            throw new AssertionError("Not valid JSON: " + abbreviate(text) + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Walks a dotted path ("response.result.error", "annotations.0.key"); "$" or "" is the root. Returns
     * {@link #MISSING} when a member does not exist.
     */
    public static Object at(Object root, String path) {
        if (path == null || path.isEmpty() || path.equals("$")) {
            return root;
        }
        Object cur = root;
        for (String seg : path.split("\\.")) {
            if (cur instanceof Map<?, ?> m) {
                if (!m.containsKey(seg)) {
                    return MISSING;
                }
                cur = m.get(seg);
            } else if (cur instanceof List<?> l && seg.matches("\\d+")) {
                int i = Integer.parseInt(seg);
                if (i >= l.size()) {
                    return MISSING;
                }
                cur = l.get(i);
            } else {
                return MISSING;
            }
        }
        return cur;
    }

    public static String write(Object value) {
        return value == MISSING ? "<absent>" : JsonOutput.toJson(value);
    }

    /** JSON equality (numbers compared by value). */
    public static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** True if every member of the expected object is present in the actual object with the same value. */
    public static boolean contains(Object actual, Object expected) {
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            for (Map.Entry<?, ?> en : e.entrySet()) {
                if (!a.containsKey(en.getKey()) || !same(a.get(en.getKey()), en.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return same(actual, expected);
    }

    /** Value of the {key, value} entry with the given key in an OpenWhisk key/value array, or MISSING. */
    public static Object keyValue(Object array, String key) {
        if (array instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && key.equals(m.get("key"))) {
                    return m.containsKey("value") ? m.get("value") : MISSING;
                }
            }
        }
        return MISSING;
    }

    public static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}
