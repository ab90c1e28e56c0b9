package dev.brisk.runtimes.process;

/** Quoting for the few {@code /bin/sh -c} wrappers a container's command goes through. */
final class Shell {
    private Shell() {
    }

    /** {@code value} as one single-quoted shell word. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
