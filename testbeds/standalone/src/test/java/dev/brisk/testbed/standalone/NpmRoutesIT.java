package dev.brisk.testbed.standalone;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API routes with the unmodified npm {@code openwhisk} client (installed from the npm registry): routes.create, list,
 * get and delete against the route management, and the routes answering over HTTP (routes-flow.js).
 */
class NpmRoutesIT {
    @Test
    void npmOpenwhiskClientRoutesWork() throws Exception {
        Path js = Path.of("src/test/js").toAbsolutePath();
        Path work = Path.of("target/npm-client").toAbsolutePath();
        Files.createDirectories(work);
        Files.copy(js.resolve("package.json"), work.resolve("package.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(js.resolve("routes-flow.js"), work.resolve("routes-flow.js"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!Files.isDirectory(work.resolve("node_modules/openwhisk"))) {
            Process npm = new ProcessBuilder(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"))
                    .directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("npm-install.log").toFile()).start();
            assertTrue(npm.waitFor(5, TimeUnit.MINUTES), "npm install did not finish");
            assertEquals(0, npm.exitValue(), "npm install openwhisk failed:\n" + Files.readString(work.resolve("npm-install.log")));
        }
        Path reports = Path.of(System.getProperty("brisk.reports"));
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                Files.createTempDirectory("brisk-routes").resolve("data"), reports.resolve("npm-routes.log")).start()) {
            // to a file, not inherited: a child writing on the test JVM's stdout corrupts failsafe's channel
            Path output = reports.resolve("npm-routes-flow.log");
            ProcessBuilder pb = new ProcessBuilder(List.of("node", "routes-flow.js")).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().put("BRISK_APIHOST", testbed.apiHost());
            pb.environment().put("BRISK_AUTH", testbed.auth());
            Process flow = pb.start();
            assertTrue(flow.waitFor(3, TimeUnit.MINUTES), "routes flow did not finish");
            assertEquals(0, flow.exitValue(), "npm openwhisk routes flow failed:\n" + Files.readString(output));
        }
    }
}
