package dev.brisk.core.container;

import java.util.ArrayList;
import java.util.List;

/**
 * One activation's log lines, taken in the order they were written until both streams have shown the sentinel the
 * action proxy writes after each activation, and cut at the action's log limit with OpenWhisk's truncation line.
 * Lines past the limit are still consumed (so they do not leak into the next activation) but not kept.
 *
 * <p>Readers offer their pending lines in order: a line of a stream whose sentinel was already seen belongs to the
 * next activation and must stay pending ({@link #accepts}).
 */
public final class SentinelCut {
    private final long limitBytes;
    private final List<String> taken = new ArrayList<>();
    private boolean stdoutDone;
    private boolean stderrDone;
    private boolean truncated;
    private long bytes;

    public SentinelCut(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Whether a pending line of this stream is this activation's (its stream has not ended yet). */
    public boolean accepts(boolean stdout) {
        return !(stdout ? stdoutDone : stderrDone);
    }

    /** Consumes an accepted line: a sentinel ends its stream; other lines are kept while they fit the limit. */
    public void take(boolean stdout, boolean sentinel, String formatted, long lineBytes) {
        if (sentinel) {
            if (stdout) {
                stdoutDone = true;
            } else {
                stderrDone = true;
            }
        } else if (!truncated && bytes + lineBytes > limitBytes) {
            truncated = true;
        } else if (!truncated) {
            bytes += lineBytes;
            taken.add(formatted);
        }
    }

    /** Whether both streams have ended. */
    public boolean complete() {
        return stdoutDone && stderrDone;
    }

    /** The lines kept, ending with the truncation line when the limit cut them. */
    public ActivationLogs result() {
        List<String> lines = new ArrayList<>(taken);
        if (truncated) {
            lines.add(LogLine.truncated(limitBytes));
        }
        return new ActivationLogs(lines, truncated);
    }
}
