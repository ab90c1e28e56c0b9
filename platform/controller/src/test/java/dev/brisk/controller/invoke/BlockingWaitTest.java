package dev.brisk.controller.invoke;

import dev.brisk.core.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** INV-015, INV-016, INV-031: one wait for blocking invokes and web actions, which also bounds {@code timeout}. */
class BlockingWaitTest {

    @Test
    void openWhisksSixtySecondsWithoutConfiguration() {
        BlockingWait wait = new BlockingWait(Optional.empty(), Optional.empty());
        assertEquals(Duration.ofSeconds(60), wait.max());
        assertEquals(60_000, wait.waitMillis(null));
        assertEquals(60_000, wait.waitMillis("60000"));
    }

    @Test
    void theSettingWinsOverTheWebAliasWhichStillWorksAlone() {
        assertEquals(Duration.ofSeconds(5),
                new BlockingWait(Optional.of(Duration.ofSeconds(5)), Optional.of(Duration.ofSeconds(9))).max());
        assertEquals(Duration.ofSeconds(9), new BlockingWait(Optional.empty(), Optional.of(Duration.ofSeconds(9))).max());
    }

    @Test
    void aTimeoutIsBetweenOneMillisecondAndTheConfiguredWait() {
        BlockingWait wait = new BlockingWait(Duration.ofSeconds(2));
        assertEquals(2_000, wait.waitMillis(null), "no timeout: the whole wait");
        assertEquals(1, wait.waitMillis("1"));
        assertEquals(2_000, wait.waitMillis("2000"));
        for (String bad : new String[]{"0", "-5", "2001", "60000", "abc", "", "1.5"}) {
            ApiException e = assertThrows(ApiException.class, () -> wait.waitMillis(bad), bad);
            assertEquals(400, e.status(), bad);
            assertEquals("Timeout must be number of milliseconds up to 2000.", e.getMessage(), bad);
        }
    }

    @Test
    void theWaitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new BlockingWait(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new BlockingWait(Duration.ofSeconds(-1)));
    }
}
