package dev.brisk.runtimes.process;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A container's cgroups: forks past the pids limit are refused, memory past the limit is OOM-killed, nothing left. */
class ContainerCgroupsTest {
    private static Process start(ContainerCgroups.Group group, String script) throws Exception {
        return new ProcessBuilder(ContainerCgroups.wrap(group.dirs(), List.of("/bin/sh", "-c", script)))
                .redirectErrorStream(true).start();
    }

    @Test
    void forksPastTheLimitAreRefused() throws Exception {
        ContainerCgroups cgroups = ContainerCgroups.open(16, false);
        assumeTrue(cgroups.limits(ContainerCgroups.Controller.PIDS), "no pids cgroup here: " + cgroups.status());
        try {
            ContainerCgroups.Group group = cgroups.create("test-" + System.nanoTime(), 0);
            // 40 background sleeps under a limit of 16: the kernel refuses the forks past it, and counts them
            Process p = start(group, "i=0; while [ $i -lt 40 ]; do sleep 3 & i=$((i+1)); done");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
            assertTrue(out.contains("fork"), "the shell was not refused a fork: " + out);
            Path events = group.dirs().get(0).resolve("pids.events");
            if (Files.exists(events)) {
                long refused = Long.parseLong(Files.readString(events).replaceAll("[^0-9]", ""));
                assertTrue(refused > 0, "pids.events: " + Files.readString(events));
            }
            ContainerCgroups.remove(group);
            group.dirs().forEach(d -> assertFalse(Files.exists(d), "cgroup left behind: " + d));
        } finally {
            cgroups.close();
        }
    }

    @Test
    void memoryPastTheLimitIsOomKilledAndSaysSo() throws Exception {
        ContainerCgroups cgroups = ContainerCgroups.open(64, true);
        assumeTrue(cgroups.limits(ContainerCgroups.Controller.MEMORY), "no memory cgroup here: " + cgroups.status());
        try {
            ContainerCgroups.Group small = cgroups.create("test-" + System.nanoTime(), 64L << 20);
            assertFalse(small.oomKilled());
            // touches 200 MB page by page within 64 MB
            Process hog = start(small, "exec python3 -c \"b = bytearray(200 * 1024 * 1024); print(len(b))\"");
            String out = new String(hog.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(hog.waitFor(30, TimeUnit.SECONDS));
            assertNotEquals(0, hog.exitValue(), "allocated 200 MB within 64 MB: " + out);
            assertTrue(small.oomKilled(), "the cgroup counts the OOM kill");
            ContainerCgroups.remove(small);

            ContainerCgroups.Group roomy = cgroups.create("test-" + System.nanoTime(), 256L << 20);
            Process fits = start(roomy, "exec python3 -c \"b = bytearray(32 * 1024 * 1024); print(len(b))\"");
            String fitted = new String(fits.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(fits.waitFor(30, TimeUnit.SECONDS));
            assertEquals("33554432", fitted, "32 MB within 256 MB");
            assertFalse(roomy.oomKilled());
            ContainerCgroups.remove(roomy);
            roomy.dirs().forEach(d -> assertFalse(Files.exists(d), "cgroup left behind: " + d));
        } finally {
            cgroups.close();
        }
    }

    @Test
    void limitsCanBeTurnedOff() {
        ContainerCgroups cgroups = ContainerCgroups.open(0, false);
        assertFalse(cgroups.limits(ContainerCgroups.Controller.PIDS));
        assertFalse(cgroups.limits(ContainerCgroups.Controller.MEMORY));
        assertEquals("no pids limit (pids-limit=0); no memory limit (memory-limit=false)", cgroups.status());
        assertEquals(List.of("true"), ContainerCgroups.wrap(List.of(), List.of("true")), "nothing to enter");
        cgroups.close();
    }
}
