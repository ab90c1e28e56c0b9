package dev.brisk.testbed.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the conformance jar, as a user would, against the Docker testbed (nginx TLS, controller, CouchDB, Kafka, two
 * invokers with their own engines); every scenario of every category must pass. Each scenario gets a namespace of
 * its own (the suite's {@code --fresh-namespace-per-scenario}, through the admin API) on the testbed the run
 * shares. {@code -Dbrisk.testbed.fresh-per-feature=true} starts a fresh testbed for every feature instead
 * ({@code -Dbrisk.testbed.features=auth.feature,names.feature} picks features), for a bug that hides in shared state.
 */
@ExtendWith(SharedDockerTestbed.class)
class DockerConformanceIT {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) skipped");

    @Test
    void conformanceSuitePassesAgainstTheDockerTestbed(SharedDockerTestbed.Lazy shared) throws Exception {
        Path reports = Path.of(System.getProperty("brisk.reports", "target/conformance-reports")).toAbsolutePath();
        Files.createDirectories(reports);
        Files.deleteIfExists(reports.resolve("summary.txt"));
        int[] total;
        if (Boolean.getBoolean("brisk.testbed.fresh-per-feature")) {
            total = new int[3];
            for (String feature : features()) {
                Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("feature-" + feature);
                try (DockerTestbed testbed = DockerTestbed.builder().workDir(work).build().start()) {
                    int[] counts = runSuite(testbed, reports.resolve(feature), feature);
                    for (int i = 0; i < 3; i++) {
                        total[i] += counts[i];
                    }
                }
            }
            // the same line the conformance jar writes, over all features, for ci/check
            Files.writeString(reports.resolve("summary.txt"), total[0] + " passed, " + total[1] + " failed, " + total[2]
                    + " skipped (a fresh testbed per feature)\n");
        } else {
            total = runSuite(shared.get(), reports, null);
        }
        assertEquals(0, total[1], "failed scenarios: see " + reports + " (testbed logs: target/it-work/*/logs)");
        assertEquals(0, total[2], "skipped scenarios (the testbed claims every category)");
        assertTrue(total[0] > 0, "nothing passed");
    }

    /** Runs the jar (optionally one feature) and returns passed, failed, skipped. */
    private static int[] runSuite(DockerTestbed testbed, Path reports, String features) throws Exception {
        Files.createDirectories(reports);
        System.out.println(testbed.describe() + "\nstarted in " + testbed.timings());
        long t0 = System.nanoTime();
        Path output = reports.resolve("suite-output.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of("-jar", System.getProperty("brisk.conformance.jar"),
                "--apihost", testbed.apiHost(), "--auth", testbed.auth(), "--auth2", testbed.auth2(),
                "--admin-auth", testbed.adminAuth(), "--insecure", "--fresh-namespace-per-scenario",
                "--claims", "all", "--blackbox-image", testbed.runtimeImage("nodejs"), "--reports", reports.toString()));
        if (features != null) {
            command.addAll(List.of("--features", features));
        }
        // to a file: a child writing to the forked test JVM's own stdout corrupts failsafe's channel
        Process suite = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = suite.waitFor(30, TimeUnit.MINUTES);
        if (!finished) {
            suite.destroyForcibly();
        }
        assertTrue(finished, "suite did not finish in 30 minutes");
        System.out.println("conformance suite" + (features == null ? "" : " (" + features + ")") + " took "
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s against " + testbed.apiHost()
                + "; output: " + output);
        String summary = Files.readString(reports.resolve("summary.txt")).trim();
        System.out.println("conformance summary: " + summary);
        Matcher m = SUMMARY.matcher(summary);
        assertTrue(m.find(), "no summary line in " + summary);
        assertEquals(Integer.parseInt(m.group(2)) == 0 ? 0 : 1, suite.exitValue(), "suite exit code (" + output + ")");
        return new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    /** The feature files inside the conformance jar, or those named by brisk.testbed.features. */
    private static List<String> features() throws IOException {
        String chosen = System.getProperty("brisk.testbed.features", "");
        if (!chosen.isBlank()) {
            return Arrays.stream(chosen.split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList();
        }
        try (ZipFile jar = new ZipFile(System.getProperty("brisk.conformance.jar"))) {
            List<String> found = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("features/") && n.endsWith(".feature"))
                    .map(n -> n.substring("features/".length())).sorted().toList();
            assertFalse(found.isEmpty(), "no features in the conformance jar");
            return found;
        }
    }
}
