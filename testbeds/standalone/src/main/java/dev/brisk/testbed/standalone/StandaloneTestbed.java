package dev.brisk.testbed.standalone;

import dev.brisk.testbed.support.Testbed;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone platform as a child JVM on a free port with its own data directory, the way a user starts it.
 * {@link #start()} returns when {@code /health/ready} answers 200; {@link #stop()} ends the process; starting again
 * with the same data directory is a restart. Plain HTTP: {@link #sslContext()} is the JDK's default.
 */
public final class StandaloneTestbed implements Testbed {
    private final Path jar;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private Process process;
    private final List<String> extraArgs = new ArrayList<>();

    public StandaloneTestbed(Path jar, Path dataDir, Path logFile) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = freePort();
    }

    @Override
    public String apiHost() {
        return "http://localhost:" + port;
    }

    /** JVM arguments added to the start (e.g. {@code -Dbrisk.invoker.prewarm=none}); call before {@link #start}. */
    public StandaloneTestbed withArgs(String... args) {
        extraArgs.addAll(List.of(args));
        return this;
    }

    public StandaloneTestbed start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("standalone jar not built: " + jar);
        }
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>(List.of(javaBin(), "--enable-native-access=ALL-UNNAMED",
                "-Dserver.port=" + port, "-Dbrisk.store.path=" + dataDir)); // __OW_API_HOST follows the port
        command.addAll(TEST_LIMITS);
        command.addAll(extraArgs);
        command.addAll(List.of("-jar", jar.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("standalone exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(apiHost() + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        stop();
        throw new IllegalStateException("standalone not ready within " + timeout + "; see " + logFile);
    }

    /** The standalone's process, e.g. to see the action containers it runs (its descendants). */
    public ProcessHandle process() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process.toHandle();
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
