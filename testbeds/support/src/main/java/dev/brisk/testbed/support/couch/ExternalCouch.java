package dev.brisk.testbed.support.couch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A CouchDB the tests did not start (Apache CouchDB is in no registry here; the team points the tests at one):
 * {@code BRISK_COUCH_URL}, {@code BRISK_COUCH_USER}, {@code BRISK_COUCH_PASSWORD} (or the system properties
 * {@code brisk.couch.url}, {@code .user}, {@code .password}). Fault tests stop and start it with
 * {@code BRISK_COUCH_STOP_COMMAND} and {@code BRISK_COUCH_START_COMMAND} (run by {@code sh -c}); without them they are
 * skipped with the reason. Every run uses databases of its own prefix and leaves the server running.
 */
public final class ExternalCouch implements CouchDb {
    private static final Duration READY = Duration.ofSeconds(60);

    private final URI url;
    private final String username;
    private final String password;
    private final String stopCommand;
    private final String startCommand;
    private final String runPrefix = "brisk_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL)
            + "_";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ExternalCouch(String url, String username, String password, String stopCommand, String startCommand) {
        this.url = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.username = username;
        this.password = password;
        this.stopCommand = stopCommand;
        this.startCommand = startCommand;
    }

    /** The external server this JVM is configured with, if any. */
    public static Optional<ExternalCouch> configured() {
        String url = setting("brisk.couch.url", "BRISK_COUCH_URL");
        if (url == null) {
            return Optional.empty();
        }
        return Optional.of(new ExternalCouch(url, setting("brisk.couch.user", "BRISK_COUCH_USER"),
                setting("brisk.couch.password", "BRISK_COUCH_PASSWORD"),
                setting("brisk.couch.stop-command", "BRISK_COUCH_STOP_COMMAND"),
                setting("brisk.couch.start-command", "BRISK_COUCH_START_COMMAND")));
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property, System.getenv(variable));
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String url() {
        return url.toString();
    }

    @Override
    public int port() {
        return url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public Optional<Path> localData() {
        return Optional.empty();
    }

    @Override
    public String runPrefix() {
        return runPrefix;
    }

    @Override
    public boolean controllable() {
        return stopCommand != null && startCommand != null;
    }

    @Override
    public void kill() {
        run(stopCommand, "BRISK_COUCH_STOP_COMMAND");
    }

    @Override
    public ExternalCouch restart() {
        run(startCommand, "BRISK_COUCH_START_COMMAND");
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (answers()) {
                return this;
            }
            sleep();
        }
        throw new IllegalStateException("the external CouchDB at " + url + " did not answer within " + READY
                + " after " + startCommand);
    }

    private boolean answers() {
        try {
            return http.send(HttpRequest.newBuilder(url.resolve("/_up")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(String command, String setting) {
        if (command == null) {
            throw new IllegalStateException(setting + " is not set: the external CouchDB cannot be stopped or started");
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("'" + command + "' failed (" + setting + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + command + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running '" + command + "'", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // not ours to stop
    }

    @Override
    public String toString() {
        return "ExternalCouch[" + url + ", prefix " + runPrefix + "]";
    }
}
