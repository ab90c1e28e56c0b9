package dev.brisk.testbed.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the conformance jar, as a user would, against the Docker testbed (nginx TLS, controller, CouchDB, Kafka, two
 * invokers with their own engines); every scenario of every category must pass.
 */
@ExtendWith(SharedDockerTestbed.class)
class DockerConformanceIT {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) skipped");

    @Test
    void conformanceSuitePassesAgainstTheDockerTestbed(DockerTestbed testbed) throws Exception {
        Path reports = Path.of(System.getProperty("brisk.reports", "target/conformance-reports")).toAbsolutePath();
        Files.createDirectories(reports);
        Files.deleteIfExists(reports.resolve("summary.txt"));
        System.out.println(testbed.describe() + "\nstarted in " + testbed.timings());
        long t0 = System.nanoTime();
        Path output = reports.resolve("suite-output.log");
        Process suite = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("brisk.conformance.jar"),
                "--apihost", testbed.apiHost(), "--auth", testbed.auth(), "--auth2", testbed.auth2(),
                "--admin-auth", testbed.adminAuth(), "--insecure", "--claims", "all", "--reports", reports.toString()))
                // to a file: a child writing to the forked test JVM's own stdout corrupts failsafe's channel
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = suite.waitFor(30, TimeUnit.MINUTES);
        if (!finished) {
            suite.destroyForcibly();
        }
        assertTrue(finished, "suite did not finish in 30 minutes");
        System.out.println("conformance suite took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)
                + " s against " + testbed.apiHost() + "; output: " + output);
        String summary = Files.readString(reports.resolve("summary.txt")).trim();
        System.out.println("conformance summary: " + summary);
        Matcher m = SUMMARY.matcher(summary);
        assertTrue(m.find(), "no summary line in " + summary);
        assertEquals(0, Integer.parseInt(m.group(2)), "failed scenarios: " + summary + " (suite output: " + output
                + ", testbed logs: target/it-work/docker/logs after the run)");
        assertEquals(0, Integer.parseInt(m.group(3)), "skipped scenarios (the testbed claims every category): " + summary);
        assertTrue(Integer.parseInt(m.group(1)) > 0, "nothing passed: " + summary);
        assertEquals(0, suite.exitValue(), "suite exit code");
    }
}
