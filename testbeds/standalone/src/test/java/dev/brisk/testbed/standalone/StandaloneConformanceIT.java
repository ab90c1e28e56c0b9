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
            featureLinesAddUp(jar, Files.readAllLines(reports.resolve("suite-output.log")), m);
        }
    }

    /**
     * The suite printed one line per feature of the jar as it went, {@code <file>  <title>: N passed, N failed, N
     * skipped (T s)}, before the summary, and the features' counts add up to the summary's.
     */
    private static void featureLinesAddUp(Path jar, List<String> output, Matcher summary) throws Exception {
        List<String> features;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            features = zip.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.startsWith("features/") && n.endsWith(".feature"))
                    .map(n -> n.substring("features/".length())).sorted().toList();
        }
        assertTrue(features.size() > 10, "features in the jar: " + features);
        Pattern line = Pattern.compile("^(\\S+\\.feature)  .+: (\\d+) passed, (\\d+) failed, (\\d+) skipped \\(\\d+\\.\\d s\\)$");
        java.util.Map<String, int[]> counts = new java.util.TreeMap<>();
        int last = -1;
        for (int i = 0; i < output.size(); i++) {
            Matcher f = line.matcher(output.get(i));
            if (f.matches()) {
                counts.put(f.group(1), new int[]{Integer.parseInt(f.group(2)), Integer.parseInt(f.group(3)),
                        Integer.parseInt(f.group(4))});
                last = i;
            }
        }
        assertEquals(features, List.copyOf(counts.keySet()), "one line per feature: " + output);
        int lastLine = output.size() - 1;
        assertTrue(last < lastLine && SUMMARY.matcher(output.get(lastLine)).matches(), "the summary comes last");
        for (int k = 0; k < 3; k++) {
            final int column = k;
            assertEquals(Integer.parseInt(summary.group(k + 1)), counts.values().stream().mapToInt(c -> c[column]).sum(),
                    "the features' " + List.of("passed", "failed", "skipped").get(k) + " add up to the summary");
        }
    }
}
