package dev.brisk.conformance.support;

import java.util.ArrayList;
import java.util.List;

/**
 * SHOULD statements a target does not meet (spec/README: "reported as a warning, not a failure"): the scenario passes,
 * and its line lands in {@code warnings.txt} beside the summary.
 */
public final class Warnings {
    private static final List<String> LINES = new ArrayList<>();

    private Warnings() {
    }

    public static synchronized void add(String line) {
        LINES.add(line);
    }

    public static synchronized List<String> all() {
        return List.copyOf(LINES);
    }
}
