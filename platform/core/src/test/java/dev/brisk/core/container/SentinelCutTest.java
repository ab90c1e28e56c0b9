package dev.brisk.core.container;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentinelCutTest {
    @Test
    void endsWhenBothStreamsShowedTheSentinelAndRefusesTheNextActivationsLines() {
        SentinelCut cut = new SentinelCut(1000);
        cut.take(true, false, "out 1", 6);
        cut.take(true, true, LogSentinel.LINE, 38);
        assertFalse(cut.accepts(true), "stdout ended: its next line is the next activation's");
        assertTrue(cut.accepts(false));
        assertFalse(cut.complete());
        cut.take(false, false, "err 1", 6);
        cut.take(false, true, LogSentinel.LINE, 38);
        assertTrue(cut.complete());
        assertEquals(new ActivationLogs(List.of("out 1", "err 1"), false), cut.result());
    }

    @Test
    void linesPastTheLimitAreConsumedNotKeptAndTheLastLineSaysSo() {
        SentinelCut cut = new SentinelCut(10);
        cut.take(true, false, "12345", 6);
        cut.take(true, false, "67890", 6); // 12 > 10
        cut.take(true, false, "x", 2); // would fit, but the cut is made: nothing after it is kept
        ActivationLogs logs = cut.result();
        assertTrue(logs.truncated());
        assertEquals(2, logs.lines().size(), logs.lines().toString());
        assertEquals("12345", logs.lines().get(0));
        assertTrue(logs.lines().get(1).matches("\\S+Z\\s+stderr: Logs were truncated because the total bytes size"
                + " exceeds the limit of 10 bytes\\."), logs.lines().get(1));
    }
}
