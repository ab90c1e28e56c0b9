package dev.brisk.runtimes.process;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The pids cgroup of a container: a shell that forks past the limit is refused, and nothing is left after. */
class PidsCgroupTest {
    @Test
    void forksPastTheLimitAreRefused() throws Exception {
        PidsCgroup.Result opened = PidsCgroup.open(16);
        assumeTrue(opened.cgroup() != null, "no pids cgroup here: " + opened.problem());
        PidsCgroup pids = opened.cgroup();
        try {
            Path dir = pids.create("test-" + System.nanoTime());
            // 40 background sleeps under a limit of 16: the kernel refuses the forks past it, and counts them
            Process p = new ProcessBuilder(PidsCgroup.wrap(dir, List.of("/bin/sh", "-c",
                    "i=0; while [ $i -lt 40 ]; do sleep 3 & i=$((i+1)); done"))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
            assertTrue(out.contains("fork"), "the shell was not refused a fork: " + out);
            Path events = dir.resolve("pids.events");
            if (Files.exists(events)) {
                long refused = Long.parseLong(Files.readString(events).replaceAll("[^0-9]", ""));
                assertTrue(refused > 0, "pids.events: " + Files.readString(events));
            }
            PidsCgroup.remove(dir);
            assertFalse(Files.exists(dir), "cgroup left behind: " + dir);
        } finally {
            pids.close();
        }
    }

    @Test
    void zeroDisablesTheLimit() {
        PidsCgroup.Result opened = PidsCgroup.open(0);
        assertNull(opened.cgroup());
        assertEquals("pids limit disabled (pids-limit=0)", opened.problem());
    }
}
