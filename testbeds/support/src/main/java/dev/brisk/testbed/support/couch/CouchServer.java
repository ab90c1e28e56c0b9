package dev.brisk.testbed.support.couch;

import dev.brisk.testbed.support.FreePorts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real CouchDB-compatible server for tests and testbeds: <a href="https://github.com/pouchdb/pouchdb-server">
 * pouchdb-server</a> {@value #POUCHDB_SERVER_VERSION} (LevelDB on disk) as a child process on 127.0.0.1, with an
 * admin user, patched where it answers differently from CouchDB in ways Ektorp notices ({@code pouchdb-compat.js}
 * beside this class).
 * <p>
 * Installation: {@code npm install pouchdb-server@4.2.0 --ignore-scripts} into a cache directory (default
 * {@code ~/.cache/brisk/pouchdb-server}; system property {@value #CACHE_PROPERTY} or environment variable
 * {@value #CACHE_ENV} override it), once, under a file lock, and reused by every later start. Needs {@code node} and
 * {@code npm} on the {@code PATH} (Node 18+; {@value #NODE_PROPERTY} / {@value #NPM_PROPERTY} name them otherwise).
 * {@code --ignore-scripts}: leveldown ships a prebuilt N-API binary, so nothing is compiled.
 * <p>
 * Data: the data directory holds the databases, {@code config.json} (the admin; pouchdb-server replaces the plain
 * password with a pbkdf2 hash on first start, as CouchDB does with local.ini), {@code pouchdb-server.log} (one line
 * per request) and {@code stdout.log} (crashes). Starting again on the same directory keeps the data; the admin is
 * only seeded into a new directory.
 * <p>
 * Differences from CouchDB 3 worth knowing: it accepts requests without credentials (do not test authorization
 * against it), its {@code seq} values are numbers, views collate strings by code unit rather than ICU, and
 * {@code filter=_design} is not supported.
 * <p>
 * From a shell: {@code java -cp ... dev.brisk.testbed.support.couch.CouchServer --data DIR [--port N]
 * [--user U] [--password P]} runs in the foreground and prints {@code COUCH_URL=...}, {@code COUCH_USER=...},
 * {@code COUCH_PASSWORD=...} once the server answers; it stops the server when the JVM is terminated.
 */
public final class CouchServer implements CouchDb {
    public static final String POUCHDB_SERVER_VERSION = "4.2.0";
    public static final String CACHE_PROPERTY = "brisk.couch.cache-dir";
    public static final String CACHE_ENV = "BRISK_COUCH_CACHE_DIR";
    public static final String NODE_PROPERTY = "brisk.couch.node";
    public static final String NPM_PROPERTY = "brisk.couch.npm";
    public static final String DEFAULT_USERNAME = "admin";
    public static final String DEFAULT_PASSWORD = "brisk-secret";

    private static final String PATCH_RESOURCE = "pouchdb-compat.js";
    private static final String INSTALLED_MARKER = ".brisk-installed-" + POUCHDB_SERVER_VERSION;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int STOP_TIMEOUT_SECONDS = 10;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(STOP_TIMEOUT_SECONDS);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final Path dataDir;
    private final Path installDir;
    private final int port;
    private final String username;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook = new Thread(this::stop, "couch-server-shutdown");
    private volatile Process process;

    private CouchServer(Path dataDir, Path installDir, int port, String username, String password) {
        this.dataDir = dataDir.toAbsolutePath();
        this.installDir = installDir.toAbsolutePath();
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /** Starts a server on a free port with the default admin ({@value #DEFAULT_USERNAME}) and waits until it answers. */
    public static CouchServer start(Path dataDir) {
        return builder().dataDir(dataDir).start();
    }

    /** Starts a server on {@code port} (0: a free one) with the default admin. */
    public static CouchServer start(Path dataDir, int port) {
        return builder().dataDir(dataDir).port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a server; only {@link #dataDir} is required. */
    public static final class Builder {
        private Path dataDir;
        private Path installDir;
        private int port;
        private String username = DEFAULT_USERNAME;
        private String password = DEFAULT_PASSWORD;

        private Builder() {
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Where pouchdb-server is installed (shared by every server); default {@link #defaultInstallDir()}. */
        public Builder installDir(Path dir) {
            this.installDir = dir;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** The admin seeded into a new data directory. */
        public Builder admin(String user, String pass) {
            this.username = Objects.requireNonNull(user);
            this.password = Objects.requireNonNull(pass);
            return this;
        }

        public CouchServer start() {
            Objects.requireNonNull(dataDir, "dataDir");
            CouchServer server = new CouchServer(dataDir, installDir != null ? installDir : defaultInstallDir(),
                    port != 0 ? port : FreePorts.next(), username, password);
            server.startProcess();
            return server;
        }
    }

    /** {@code ~/.cache/brisk/pouchdb-server} unless {@value #CACHE_PROPERTY} or {@value #CACHE_ENV} say otherwise. */
    public static Path defaultInstallDir() {
        String configured = System.getProperty(CACHE_PROPERTY, System.getenv(CACHE_ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "brisk", "pouchdb-server");
    }

    @Override
    public Optional<Path> localData() {
        return Optional.of(dataDir);
    }

    /** A stand-in of the test's own holds no other run's databases: no prefix needed. */
    @Override
    public String runPrefix() {
        return "";
    }

    @Override
    public boolean controllable() {
        return true;
    }

    /** {@code http://127.0.0.1:<port>}, without credentials and without a trailing slash. */
    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public Optional<Long> pid() {
        Process p = process;
        return p == null ? Optional.empty() : Optional.of(p.pid());
    }

    /** Starts the server again on the same port and data directory (after {@link #stop()} or {@link #kill()}). */
    public synchronized CouchServer restart() {
        if (isRunning()) {
            stop();
        }
        startProcess();
        return this;
    }

    /** Stops the server gracefully (SIGTERM), forcibly after {@value #STOP_TIMEOUT_SECONDS} s. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        removeShutdownHook();
    }

    /** Kills the server at once (SIGKILL), as a crash would; for fault tests. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        removeShutdownHook();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "CouchServer[" + url() + ", data " + dataDir + (isRunning() ? ", pid " + process.pid() : ", stopped") + "]";
    }

    // --- process ---

    private synchronized void startProcess() {
        try {
            install(installDir);
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("config.json");
            if (!Files.exists(config)) {
                Files.writeString(config, initialConfig());
            }
            Path bin = installDir.resolve("node_modules/pouchdb-server/bin/pouchdb-server");
            List<String> command = List.of(node(), "--unhandled-rejections=warn", bin.toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--dir", dataDir.toString(), "--config", config.toString(), "-n", "--no-color");
            // --unhandled-rejections=warn: pouchdb-server predates Node 15; a few request paths leave a rejected
            // promise unhandled, which on Node >= 15 would end the whole server instead of failing one request.
            Path stdout = dataDir.resolve("stdout.log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()));
            process = pb.start();
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            awaitReady(stdout);
        } catch (IOException e) {
            kill();
            throw new UncheckedIOException("cannot start pouchdb-server in " + dataDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    private String initialConfig() {
        return """
                {
                  "admins": { %s: %s },
                  "log": { "file": %s, "level": "info" },
                  "pouchdb_server": { "no-stdout-logs": true },
                  "httpd": { "bind_address": "127.0.0.1" }
                }
                """.formatted(jsonString(username), jsonString(password),
                jsonString(dataDir.resolve("pouchdb-server.log").toString()));
    }

    private void awaitReady(Path stdout) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/")).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("pouchdb-server exited during start (code "
                        + (p == null ? "?" : p.exitValue()) + "):\n" + tail(stdout));
            }
            try {
                HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                // listening but not answering yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for pouchdb-server", e);
            }
            sleep(50);
        }
        throw new IllegalStateException("pouchdb-server did not answer on " + url() + " within "
                + START_TIMEOUT.toSeconds() + " s:\n" + tail(stdout));
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already, or not registered
        }
    }

    // --- installation ---

    /**
     * Installs pouchdb-server into {@code dir} unless a complete installation is there, then applies the
     * compatibility patches (idempotent). Safe to call from several JVMs at once: a file lock serializes them.
     */
    public static void install(Path dir) {
        try {
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".install.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                if (!Files.exists(dir.resolve(INSTALLED_MARKER))) {
                    npmInstall(dir);
                }
                Path script = dir.resolve(PATCH_RESOURCE);
                try (InputStream in = CouchServer.class.getResourceAsStream(PATCH_RESOURCE)) {
                    if (in == null) {
                        throw new IllegalStateException("resource " + PATCH_RESOURCE + " missing beside "
                                + CouchServer.class.getName());
                    }
                    Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
                }
                run(dir, Duration.ofSeconds(60), node(), script.toString(), dir.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install pouchdb-server into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void npmInstall(Path dir) throws IOException {
        Path modules = dir.resolve("node_modules");
        if (Files.exists(modules)) { // a half-finished earlier attempt
            try (Stream<Path> walk = Files.walk(modules)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.writeString(dir.resolve("package.json"),
                "{ \"name\": \"brisk-pouchdb-server\", \"private\": true, \"description\": \"installed by CouchServer\" }\n");
        run(dir, INSTALL_TIMEOUT, npm(), "install", "pouchdb-server@" + POUCHDB_SERVER_VERSION,
                "--ignore-scripts", "--no-audit", "--no-fund", "--no-save", "--loglevel=error");
        if (!Files.isRegularFile(dir.resolve("node_modules/pouchdb-server/bin/pouchdb-server"))) {
            throw new IllegalStateException("npm install finished but pouchdb-server is missing in " + dir);
        }
        Files.writeString(dir.resolve(INSTALLED_MARKER), "pouchdb-server@" + POUCHDB_SERVER_VERSION + "\n");
    }

    private static void run(Path dir, Duration timeout, String... command) throws IOException {
        Path log = Files.createTempFile(dir, "run-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
            }
            if (!done) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s: "
                        + String.join(" ", command) + "\n" + tail(log));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                        + "\n" + tail(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String node() {
        return executable(NODE_PROPERTY, "node");
    }

    private static String npm() {
        return executable(NPM_PROPERTY, "npm");
    }

    private static String executable(String property, String name) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, name))) {
                return Path.of(entry, name).toString();
            }
        }
        throw new IllegalStateException("'" + name + "' is not on the PATH; pouchdb-server needs Node.js 18+ and npm"
                + " (or set -D" + property + "=/path/to/" + name + ")");
    }

    // --- helpers ---

    private static String tail(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * {@code CouchServer --data DIR [--port N] [--user U] [--password P] [--install-dir DIR]}: runs pouchdb-server
     * in the foreground, prints {@code COUCH_URL=...} (and the admin) when it answers, stops it on SIGTERM/SIGINT.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder = builder();
        List<String> rest = new ArrayList<>(List.of(args));
        Path data = null;
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            if (option.equals("--help") || option.equals("-h")) {
                System.out.println("usage: CouchServer --data DIR [--port N] [--user U] [--password P] [--install-dir DIR]");
                return;
            }
            if (rest.isEmpty()) {
                System.err.println("missing value for " + option);
                System.exit(2);
            }
            String value = rest.remove(0);
            switch (option) {
                case "--data" -> data = Path.of(value);
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--user" -> builder.username = value;
                case "--password" -> builder.password = value;
                case "--install-dir" -> builder.installDir(Path.of(value));
                default -> {
                    System.err.println("unknown option " + option);
                    System.exit(2);
                }
            }
        }
        if (data == null) {
            System.err.println("usage: CouchServer --data DIR [--port N] [--user U] [--password P] [--install-dir DIR]");
            System.exit(2);
        }
        CouchServer server = builder.dataDir(data).start(); // its shutdown hook stops the child with the JVM
        System.out.println("COUCH_URL=" + server.url());
        System.out.println("COUCH_USER=" + server.username());
        System.out.println("COUCH_PASSWORD=" + server.password());
        System.out.println("COUCH_PID=" + server.pid().orElse(-1L));
        System.out.flush();
        Process p = server.process;
        int code = p == null ? 1 : p.waitFor();
        System.err.println("pouchdb-server exited with code " + code);
        System.exit(code == 0 ? 0 : 1);
    }
}
