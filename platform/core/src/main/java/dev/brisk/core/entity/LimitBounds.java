package dev.brisk.core.entity;

/** System bounds for action limits; the defaults are OpenWhisk's (common application.conf). */
public record LimitBounds(int timeoutMin, int timeoutStd, int timeoutMax,
                          int memoryMin, int memoryStd, int memoryMax,
                          int logsMin, int logsStd, int logsMax,
                          int concurrencyMax) {
    public static final LimitBounds OPENWHISK = new LimitBounds(100, 60_000, 300_000, 128, 256, 512, 0, 10, 10, 1);
}
