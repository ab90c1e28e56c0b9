package dev.brisk.testbed.process;

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
 * Runs the conformance jar, as a user would, against the production path (nginx TLS, controller, CouchDB, Kafka, two
 * invokers); every scenario must pass.
 */
class ProcessConformanceIT {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) skipped");

    @Test
    void conformanceSuitePassesAgainstTheProcessTestbed() throws Exception {
        Path reports = Path.of(System.getProperty("brisk.reports", "target/conformance-reports")).toAbsolutePath();
        Files.createDirectories(reports);
        Files.deleteIfExists(reports.resolve("summary.txt"));
        Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("conformance");
        try (ProcessTestbed testbed = ProcessTestbed.builder().workDir(work).build().start()) {
            System.out.println("process testbed up in " + testbed.timings() + "\n" + testbed.describe());
            long t0 = System.nanoTime();
            Path output = reports.resolve("suite-output.log");
            Process suite = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("brisk.conformance.jar"),
                    "--apihost", testbed.apiHost(), "--auth", testbed.auth(), "--auth2", testbed.auth2(), "--admin-auth", testbed.adminAuth(), "--insecure",
                    "--claims", "all,-blackbox", "--reports", reports.toString()))
                    // to a file: a child writing to the forked test JVM's own stdout corrupts failsafe's channel
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean finished = suite.waitFor(30, TimeUnit.MINUTES);
            if (!finished) {
                suite.destroyForcibly();
            }
            assertTrue(finished, "suite did not finish in 30 minutes");
            System.out.println("conformance suite took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)
                    + " s against " + testbed.apiHost());
            System.out.println("suite output: " + output);
            String summary = Files.readString(reports.resolve("summary.txt")).trim();
            System.out.println("conformance summary: " + summary);
            Matcher m = SUMMARY.matcher(summary);
            assertTrue(m.find(), "no summary line in " + summary);
            assertEquals(0, Integer.parseInt(m.group(2)), "failed scenarios: " + summary + " (suite output: " + output + ", testbed logs: " + work + ")");
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
