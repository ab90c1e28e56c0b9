package dev.brisk.testbed.standalone;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the conformance jar, as a user would, against a fresh standalone platform; every scenario must pass. The jar
 * runs from a directory of its own, copied there alone: it is self-contained.
 */
class StandaloneConformanceIT {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) skipped");

    @Test
    void conformanceSuitePassesAgainstStandalone() throws Exception {
        Path reports = Path.of(System.getProperty("brisk.reports"));
        Path work = Files.createTempDirectory("brisk-standalone-cts");
        Path alone = Files.createDirectories(work.resolve("suite"));
        Path jar = Files.copy(Path.of(System.getProperty("brisk.conformance.jar")),
                alone.resolve("brisk-conformance-tests.jar"));
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                work.resolve("data"), reports.resolve("standalone.log")).start()) {
            Process suite = new ProcessBuilder(List.of(StandaloneTestbed.javaBin(), "-jar",
                    jar.toString(), "--apihost", testbed.apiHost(), "--auth",
                    testbed.auth(), "--auth2", testbed.auth2(), "--admin-auth",
                    testbed.adminAuth(), "--claims", "all,-blackbox", "--reports", reports.toString()))
                    // to a file, not inherited: a child writing on the test JVM's stdout corrupts failsafe's channel
                    .directory(alone.toFile())
                    .redirectErrorStream(true).redirectOutput(reports.resolve("suite-output.log").toFile()).start();
            assertTrue(suite.waitFor(30, TimeUnit.MINUTES), "suite did not finish in 30 minutes");
            String summary = Files.readString(reports.resolve("summary.txt")).trim();
            Matcher m = SUMMARY.matcher(summary);
            assertTrue(m.find(), "no summary line in " + summary + "; see " + reports.resolve("suite-output.log"));
            assertEquals(0, Integer.parseInt(m.group(2)), "failed scenarios: " + summary);
            // process containers run no images: only the blackbox scenarios are skipped, each with that reason
            List<String> skipped = Files.readAllLines(reports.resolve("skipped.txt"));
            assertEquals(Integer.parseInt(m.group(3)), skipped.size(), "skipped.txt against " + summary);
            assertTrue(!skipped.isEmpty() && skipped.stream().allMatch(
                    l -> l.contains("does not claim category blackbox")),
                    "only the blackbox scenarios are skipped: " + skipped);
            assertTrue(Integer.parseInt(m.group(1)) > 0, "nothing passed: " + summary);
            assertEquals(0, suite.exitValue(), "suite exit code");
        }
    }
}
