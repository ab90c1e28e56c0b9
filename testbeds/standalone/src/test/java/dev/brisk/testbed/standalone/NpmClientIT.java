package dev.brisk.testbed.standalone;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unmodified npm {@code openwhisk} client (installed from the npm registry) runs a user's flow end to end. */
class NpmClientIT {
    @Test
    void npmOpenwhiskClientFlowWorks() throws Exception {
        Path js = Path.of("src/test/js").toAbsolutePath();
        Path work = Path.of("target/npm-client").toAbsolutePath();
        Files.createDirectories(work);
        Files.copy(js.resolve("package.json"), work.resolve("package.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(js.resolve("client-flow.js"), work.resolve("client-flow.js"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!Files.isDirectory(work.resolve("node_modules/openwhisk"))) {
            Process npm = new ProcessBuilder(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"))
                    .directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("npm-install.log").toFile()).start();
            assertTrue(npm.waitFor(5, TimeUnit.MINUTES), "npm install did not finish");
            assertEquals(0, npm.exitValue(), "npm install openwhisk failed:\n" + Files.readString(work.resolve("npm-install.log")));
        }
        Path reports = Path.of(System.getProperty("brisk.reports"));
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                Files.createTempDirectory("brisk-npm").resolve("data"), reports.resolve("npm-client.log")).start()) {
            // to a file, not inherited: a child writing on the test JVM's stdout corrupts failsafe's channel
            Path output = reports.resolve("npm-client-flow.log");
            ProcessBuilder pb = new ProcessBuilder(List.of("node", "client-flow.js")).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().put("BRISK_APIHOST", testbed.apiHost());
            pb.environment().put("BRISK_AUTH", testbed.auth());
            Process flow = pb.start();
            assertTrue(flow.waitFor(3, TimeUnit.MINUTES), "client flow did not finish");
            assertEquals(0, flow.exitValue(), "npm openwhisk client flow failed:\n" + Files.readString(output));
        }
    }
}
