package dev.brisk.core.container;

import java.util.List;

/** Formatted log lines of one activation, and whether the limit cut them short. */
public record ActivationLogs(List<String> lines, boolean truncated) {
    public static final ActivationLogs EMPTY = new ActivationLogs(List.of(), false);

    public ActivationLogs {
        lines = List.copyOf(lines);
    }
}
