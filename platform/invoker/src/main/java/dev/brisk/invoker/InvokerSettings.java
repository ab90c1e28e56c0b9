package dev.brisk.invoker;

import java.time.Duration;

/**
 * How an invoker runs.
 *
 * @param id            the instance number; the invoker consumes topic {@code invoker<id>}
 * @param userMemoryMb  memory for action containers; bounds concurrent activations (OpenWhisk's user-memory)
 * @param idleTimeout   an idle warm container is removed after this (OpenWhisk: 10 minutes)
 * @param pauseGrace    an idle warm container is suspended after this (OpenWhisk: 10 seconds)
 * @param apiHost       given to actions as {@code __OW_API_HOST}
 * @param prewarm       stem cells kept started but uninitialized, per runtime kind (OpenWhisk's stemCells), so a
 *                      cold start pays only {@code /init}
 * @param resultMaxBytes a longer run response becomes an application error with the truncated text (OpenWhisk:
 *                      {@code whisk.activation.payload.max}, 1 MB)
 */
public record InvokerSettings(int id, int userMemoryMb, Duration idleTimeout, Duration pauseGrace, String apiHost,
                              java.util.List<StemCell> prewarm, long resultMaxBytes) {

    public InvokerSettings(int id, int userMemoryMb, Duration idleTimeout, Duration pauseGrace, String apiHost,
                           java.util.List<StemCell> prewarm) {
        this(id, userMemoryMb, idleTimeout, pauseGrace, apiHost, prewarm, dev.brisk.core.entity.SystemLimits.MB);
    }

    public InvokerSettings(int id, int userMemoryMb, Duration idleTimeout, Duration pauseGrace, String apiHost) {
        this(id, userMemoryMb, idleTimeout, pauseGrace, apiHost, java.util.List.of());
    }

    /** {@code count} containers of {@code kind} with {@code memoryMb} kept ready. */
    public record StemCell(dev.brisk.core.entity.RuntimeKind kind, int memoryMb, int count) {
    }
}
