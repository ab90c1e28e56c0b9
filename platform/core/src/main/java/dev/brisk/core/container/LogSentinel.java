package dev.brisk.core.container;

/** The line every proxy writes to stdout and stderr after an activation (Container.ACTIVATION_LOG_SENTINEL). */
public final class LogSentinel {
    public static final String LINE = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX";

    private LogSentinel() {
    }
}
