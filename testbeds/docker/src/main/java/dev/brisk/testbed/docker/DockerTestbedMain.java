package dev.brisk.testbed.docker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ci/testbed up docker}: starts a Docker testbed, prints {@code BRISK_APIHOST=}, {@code BRISK_AUTH=},
 * {@code BRISK_AUTH2=}, {@code BRISK_ADMIN_AUTH=} and {@code BRISK_TESTBED_ID=} on standard output (progress goes to
 * standard error) and exits, leaving the containers running (halting the JVM skips Testcontainers' shutdown hook).
 * {@code ci/testbed down} removes them by their {@value DockerTestbed#LABEL} label. Exit 1 when the start fails
 * (what was started is removed again). System properties {@code brisk.testbed.controller.KEY=V} and
 * {@code brisk.testbed.invoker.KEY=V} give the controller / every invoker {@code -DKEY=V}.
 *
 * <p>Argument: the state directory (default {@code target/docker-testbed}); the lines are also written to
 * {@code <state>/testbed.env}.
 */
public final class DockerTestbedMain {
    private DockerTestbedMain() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args.length > 0 ? args[0] : "target/docker-testbed").toAbsolutePath();
        Files.createDirectories(state);
        DockerTestbed testbed;
        try {
            testbed = DockerTestbed.builder().workDir(state.resolve("work")).passThrough(System.getProperties())
                    .progress(line -> System.err.println("[docker-testbed] " + line)).build().start();
        } catch (Exception e) {
            System.err.println("the Docker testbed did not start: " + e);
            System.exit(1);
            return;
        }
        String lines = "BRISK_APIHOST=" + testbed.apiHost() + "\n"
                + "BRISK_AUTH=" + testbed.auth() + "\n"
                + "BRISK_AUTH2=" + testbed.auth2() + "\n"
                + "BRISK_ADMIN_AUTH=" + testbed.adminAuth() + "\n"
                + "BRISK_TESTBED_ID=" + testbed.id() + "\n";
        Files.writeString(state.resolve("testbed.env"), lines);
        System.err.println(testbed.describe());
        System.out.print(lines);
        System.out.flush();
        // halt, not exit: with its reaper off Testcontainers removes the containers in a shutdown hook, and they must
        // stay up for the user
        Runtime.getRuntime().halt(0);
    }
}
