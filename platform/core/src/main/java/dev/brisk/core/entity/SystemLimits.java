package dev.brisk.core.entity;

/**
 * System-wide throttles and size limits; the defaults are OpenWhisk's (ansible group_vars {@code limits.*}: 60
 * invokes and 60 fires per minute, 30 concurrent activations per namespace; application.conf
 * {@code whisk.activation.payload.max}, {@code whisk.exec-size-limit}, {@code whisk.parameter-size-limit}).
 * Throttles can be overridden per namespace (the subjects document {@code <namespace>/limits}).
 */
public record SystemLimits(int invocationsPerMinute, int concurrentInvocations, int firesPerMinute,
                           long payloadMaxBytes, long resultMaxBytes, long codeMaxBytes, long parametersMaxBytes) {
    public static final long MB = 1024L * 1024L;
    public static final SystemLimits OPENWHISK = new SystemLimits(60, 30, 60, MB, MB, 48 * MB, MB);

    /** The largest entity PUT body accepted before parsing: code plus parameters and annotations. */
    public long entityMaxBytes() {
        return codeMaxBytes + 2 * parametersMaxBytes + payloadMaxBytes;
    }
}
