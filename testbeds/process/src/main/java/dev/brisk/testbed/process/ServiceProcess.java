package dev.brisk.testbed.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One part of the testbed run as a child process (the controller, an invoker, nginx): started with a fixed command,
 * its output appended to its log file, ready when {@code readyUrl} answers 200. {@link #stop()} asks it to end
 * (SIGTERM, then SIGKILL after a grace period), {@link #kill()} ends it at once (SIGKILL) the way a crash would;
 * {@link #start()} again runs the same command, i.e. a restart with the same configuration and port.
 */
public final class ServiceProcess {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final int port;
    private final URI readyUrl;
    private final HttpClient http;
    private final Duration readyTimeout;
    private final Runnable onChange;
    private volatile Process process;

    ServiceProcess(String name, List<String> command, Path logFile, int port, URI readyUrl, HttpClient http,
                   Duration readyTimeout, Runnable onChange) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.port = port;
        this.readyUrl = readyUrl;
        this.http = http;
        this.readyTimeout = readyTimeout;
        this.onChange = onChange;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} for the controller and invokers (nginx: the https URL of its health check). */
    public String url() {
        return readyUrl.getScheme() + "://" + readyUrl.getHost() + ":" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> command() {
        return command;
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The pid of the running process, or -1. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public Optional<ProcessHandle> handle() {
        Process p = process;
        return p == null ? Optional.empty() : Optional.of(p.toHandle());
    }

    /** Starts the process and waits until it is ready; a no-op when it runs already. */
    public synchronized ServiceProcess start() throws IOException, InterruptedException {
        launch();
        awaitReady(System.nanoTime() + readyTimeout.toNanos());
        return this;
    }

    /** Starts the process without waiting for it. */
    synchronized void launch() throws IOException {
        if (isAlive()) {
            return;
        }
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "---- " + java.time.Instant.now() + " starting " + name + ": "
                        + String.join(" ", command) + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        onChange.run();
    }

    /** Polls {@code readyUrl} until it answers 200, the process dies, or the deadline passes. */
    void awaitReady(long deadlineNanos) throws InterruptedException {
        Process p = process;
        String last = "no answer yet";
        while (System.nanoTime() < deadlineNanos) {
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(name + " exited" + (p == null ? "" : " with code " + p.exitValue())
                        + " before it was ready; log " + logFile + ":\n" + Logs.excerpt(logFile, 15));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(readyUrl).timeout(Duration.ofSeconds(3))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode() + " " + abbreviate(r.body());
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + readyTimeout + " (GET " + readyUrl
                + ": " + last + "); log " + logFile + ":\n" + Logs.excerpt(logFile, 15));
    }

    /** Asks the process to end (SIGTERM), SIGKILL after 20 s; what it leaves running below it is killed too. */
    public synchronized void stop() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> below = p.descendants().toList();
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        killAll(below);
        onChange.run();
    }

    /**
     * Ends the process at once (SIGKILL), as a crash of its machine would, with the processes it started (action
     * containers, nginx workers) so none outlives the testbed.
     */
    public synchronized void kill() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> below = p.descendants().toList();
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        killAll(below);
        onChange.run();
    }

    static void killAll(List<ProcessHandle> handles) throws InterruptedException {
        for (ProcessHandle h : handles) {
            h.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : handles) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + ", port " + port + ", log " + logFile + "]";
    }
}
