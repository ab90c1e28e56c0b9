package dev.brisk.testbed.standalone;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The npm {@code openwhisk} client's own integration tests (apache/openwhisk-client-js {@code test/integration}, run
 * with its {@code ava}) against a fresh standalone platform. Their files are not in the published npm package and
 * GitHub is out of CI's reach, so the test runs where {@code BRISK_CLIENT_JS_DIR} names a checkout of that
 * repository (its npm dependencies are installed when missing) and is skipped, with the reason, elsewhere.
 */
class ClientJsIntegrationIT {
    @Test
    void theClientsIntegrationTestsPass() throws Exception {
        String dir = System.getenv("BRISK_CLIENT_JS_DIR");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "BRISK_CLIENT_JS_DIR is not set (a checkout of"
                + " apache/openwhisk-client-js; its integration tests are not in the npm package)");
        Path checkout = Path.of(dir);
        assertTrue(Files.isDirectory(checkout.resolve("test/integration")), "no test/integration in " + checkout);
        Path reports = Path.of(System.getProperty("brisk.reports"));
        Files.createDirectories(reports);
        if (!Files.isDirectory(checkout.resolve("node_modules/ava"))) {
            Process npm = new ProcessBuilder(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"))
                    .directory(checkout.toFile()).redirectErrorStream(true)
                    .redirectOutput(reports.resolve("client-js-npm-install.log").toFile()).start();
            assertTrue(npm.waitFor(5, TimeUnit.MINUTES), "npm install did not finish");
            assertEquals(0, npm.exitValue(), "npm install failed; see client-js-npm-install.log");
        }
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                Files.createTempDirectory("brisk-client-js").resolve("data"), reports.resolve("client-js.log"))
                .start()) {
            Path output = reports.resolve("client-js-integration.log");
            List<String> command = new java.util.ArrayList<>(List.of("npx", "ava", "--timeout=2m"));
            try (var files = Files.list(checkout.resolve("test/integration"))) { // the *.test.js, not utils.js
                files.map(f -> "test/integration/" + f.getFileName()).filter(f -> f.endsWith(".test.js")).sorted()
                        .forEach(command::add);
            }
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(checkout.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
            // the environment its README asks for (test/integration/README.md)
            pb.environment().putAll(Map.of("__OW_API_HOST", testbed.apiHost(), "__OW_API_KEY", testbed.auth(),
                    "__OW_NAMESPACE", "guest", "__OW_APIGW_TOKEN", "brisk"));
            Process ava = pb.start();
            assertTrue(ava.waitFor(10, TimeUnit.MINUTES), "the client's integration tests did not finish");
            String log = Files.readString(output);
            long passed = log.lines().filter(l -> l.strip().startsWith("✔")).count();
            long failed = log.lines().filter(l -> l.strip().startsWith("✘")).count();
            System.out.println("CLIENT-JS integration tests: " + passed + " passed, " + failed + " failed");
            assertEquals(0, ava.exitValue(), "the client's integration tests failed; see client-js-integration.log:\n"
                    + log.lines().filter(l -> l.contains("✘")).reduce("", (a, b) -> a + b + "\n"));
            assertTrue(passed > 0, "no test passed:\n" + log);
        }
    }
}
