package dev.brisk.testbed.process;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
            consoleComesThroughNginx(testbed);
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

    /** The web console reaches a browser through the TLS edge with the controller's headers (docs/console.md). */
    private static void consoleComesThroughNginx(ProcessTestbed testbed) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(testbed.sslContext()).build();
        for (String[] file : new String[][]{{"/console/", "text/html"},
                {"/console/vendor/codemirror/codemirror.js", "text/javascript"}}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(testbed.apiHost() + file[0])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), file[0] + " through nginx");
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(file[1]), file[0]);
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"),
                    file[0] + " lost its Content-Security-Policy on the way");
        }
    }
}
