package dev.brisk.testbed.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The process testbed from the command line:
 * <pre>
 *   up      starts the testbed detached (a background JVM in its own session that outlives this one), waits until
 *           it answers, prints BRISK_APIHOST=... and BRISK_AUTH=... on standard output, exits 0 (1 on failure)
 *   down    stops what up started, from the state directory; also kills leftovers of a testbed JVM that died
 *   status  prints the state
 * </pre>
 * State directory: {@code $BRISK_TESTBED_STATE}, else {@code -Dbrisk.testbed.state}, else
 * {@code <repo>/testbeds/process/target/testbed-state}. It holds {@code state.properties}, {@code testbed.log}
 * (the background JVM's output) and {@code work/} (every part's log, data and {@code pids}).
 * <p>
 * Settings (system properties, passed on to the background JVM): {@code brisk.testbed.controller.KEY=V} and
 * {@code brisk.testbed.invoker.KEY=V} give the controller / every invoker {@code -DKEY=V};
 * {@code brisk.testbed.invokers=N} (default 2); {@code brisk.testbed.jvm-options="-X.. -X.."} adds JVM flags to both
 * (after the defaults of {@link ProcessTestbed#serviceJvmOptions}); {@code brisk.controller.jar}, {@code brisk.invoker.jar},
 * {@code brisk.root} locate the jars.
 */
public final class ProcessTestbedMain {
    private static final long UP_TIMEOUT_SECONDS = 300;
    private static final long DOWN_TIMEOUT_SECONDS = 150;

    private ProcessTestbedMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        int code = switch (command) {
            case "up" -> up(stateDir());
            case "down" -> down(stateDir(), false);
            case "status" -> status(stateDir());
            case "serve" -> serve(args.length > 1 ? Path.of(args[1]) : stateDir());
            default -> {
                System.err.println("usage: ProcessTestbedMain up|down|status   (state: " + stateDir() + ")");
                yield "help".equals(command) ? 0 : 2;
            }
        };
        System.exit(code);
    }

    static Path stateDir() {
        String env = System.getenv("BRISK_TESTBED_STATE");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        String prop = System.getProperty("brisk.testbed.state");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        return Locations.root().resolve("testbeds/process/target/testbed-state");
    }

    // ---------------------------------------------------------------------------------------------------------

    static int up(Path stateDir) throws IOException, InterruptedException {
        Properties state = read(stateDir);
        Optional<ProcessHandle> running = daemon(state);
        if (running.isPresent() && "ready".equals(state.getProperty("status"))) {
            System.err.println("process testbed already up (pid " + running.get().pid() + "); `down` stops it");
            printLines(state);
            return 0;
        }
        if (running.isPresent()) {
            System.err.println("a process testbed (pid " + running.get().pid() + ") is " + state.getProperty("status")
                    + ": stopping it first");
        }
        down(stateDir, true); // a clean slate: leftovers of an earlier run must not hold ports or data
        Files.createDirectories(stateDir);
        Path log = stateDir.resolve("testbed.log");
        Files.deleteIfExists(log);

        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: no hang-up or Ctrl-C of the caller's terminal reaches it
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("brisk.")).sorted()
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProcessTestbedMain.class.getName(),
                "serve", stateDir.toString()));
        long t0 = System.nanoTime();
        Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        System.err.println("starting the process testbed in the background (pid " + daemon.pid() + ", log " + log + ")");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(UP_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            state = read(stateDir);
            String status = state.getProperty("status", "");
            if ("ready".equals(status) && String.valueOf(daemon.pid()).equals(state.getProperty("daemon.pid"))) {
                System.err.println("process testbed up in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                        + " ms; parts and logs:\n" + state.getProperty("describe", "")
                        + "second identity (whisk.system, for the conformance suite's --auth2): "
                        + state.getProperty("auth2") + "\nadmin API credential (the suite's --admin-auth): "
                        + state.getProperty("admin-auth"));
                printLines(state);
                return 0;
            }
            if ("failed".equals(status) || !daemon.isAlive()) {
                daemon.waitFor(30, TimeUnit.SECONDS);
                String error = state.getProperty("error");
                System.err.println("process testbed failed to start: " + (error != null
                        ? (error.length() > 4000 ? error.substring(0, 4000) + " ..." : error) + "\n(whole output: " + log + ")"
                        : "its JVM exited; last lines of " + log + ":\n" + Logs.tail(log, 30)));
                down(stateDir, true);
                return 1;
            }
            Thread.sleep(250);
        }
        System.err.println("process testbed not up within " + UP_TIMEOUT_SECONDS + " s; last lines of " + log + ":\n"
                + Logs.tail(log, 40));
        down(stateDir, true);
        return 1;
    }

    private static void printLines(Properties state) {
        System.out.println("BRISK_APIHOST=" + state.getProperty("apihost"));
        System.out.println("BRISK_AUTH=" + state.getProperty("auth"));
        // the invokers' own HTTP ports (their /metrics): what a benchmark reads the pool's containers from
        System.out.println("BRISK_INVOKERS=" + state.getProperty("invokers", ""));
        System.out.flush();
    }

    /** The background JVM: runs the testbed until SIGTERM (its shutdown hook stops every part). */
    static int serve(Path stateDir) throws InterruptedException {
        Properties state = new Properties();
        ProcessHandle self = ProcessHandle.current();
        state.setProperty("daemon.pid", Long.toString(self.pid()));
        PidFile.startMillis(self).ifPresent(s -> state.setProperty("daemon.start", Long.toString(s)));
        state.setProperty("status", "starting");
        Path work = stateDir.resolve("work");
        state.setProperty("workdir", work.toString());
        write(stateDir, state);
        ProcessTestbed.Builder builder = ProcessTestbed.builder().workDir(work)
                .progress(line -> System.out.println("[process-testbed] " + line));
        builder.passThrough(System.getProperties());
        builder.invokers(Integer.getInteger("brisk.testbed.invokers", 2));
        // -Dbrisk.testbed.jvm-options="-Xmx1g ...": more JVM flags for the controller and invokers
        for (String option : System.getProperty("brisk.testbed.jvm-options", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                builder.jvmOption(option);
            }
        }
        ProcessTestbed testbed = builder.build();
        try {
            testbed.start();
        } catch (Exception | Error e) {
            e.printStackTrace(System.out);
            state.setProperty("status", "failed");
            state.setProperty("error", String.valueOf(e.getMessage()));
            write(stateDir, state);
            testbed.close();
            return 1;
        }
        state.setProperty("status", "ready");
        state.setProperty("apihost", testbed.apiHost());
        state.setProperty("auth", testbed.auth());
        state.setProperty("auth2", testbed.auth2());
        state.setProperty("admin-auth", testbed.adminAuth());
        state.setProperty("invokers", java.util.stream.IntStream.range(0, testbed.invokerCount())
                .mapToObj(i -> testbed.invoker(i).url()).collect(java.util.stream.Collectors.joining(",")));
        state.setProperty("timings", testbed.timings().toString());
        state.setProperty("describe", testbed.describe());
        write(stateDir, state);
        System.out.println(testbed.describe());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            testbed.close();
            state.setProperty("status", "stopped");
            write(stateDir, state);
        }, "serve-state"));
        Thread.currentThread().join(); // until SIGTERM from `down`
        return 0;
    }

    static int down(Path stateDir, boolean quiet) throws IOException, InterruptedException {
        Properties state = read(stateDir);
        Optional<ProcessHandle> daemon = daemon(state);
        boolean any = false;
        if (daemon.isPresent()) {
            any = true;
            ProcessHandle h = daemon.get();
            System.err.println("stopping the process testbed (pid " + h.pid() + ")");
            h.destroy(); // SIGTERM: its shutdown hook stops nginx, controller, invokers, Kafka, CouchDB in order
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DOWN_TIMEOUT_SECONDS);
            while (h.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (h.isAlive()) {
                System.err.println("still running after " + DOWN_TIMEOUT_SECONDS + " s: SIGKILL");
                h.destroyForcibly();
            }
        }
        Path work = stateDir.resolve("work");
        List<String> killed = PidFile.killAlive(work.resolve("pids"));
        if (!killed.isEmpty()) {
            any = true;
            System.err.println("killed leftovers: " + killed);
        }
        Path shortDir = work.resolve("short-dir");
        if (Files.isRegularFile(shortDir)) {
            ProcessTestbed.deleteQuietly(Path.of(Files.readString(shortDir).trim()));
        }
        Files.deleteIfExists(stateDir.resolve("state.properties"));
        if (any || !quiet) {
            System.err.println(any ? "process testbed stopped (logs in " + work + ")" : "no process testbed running");
        }
        return 0;
    }

    static int status(Path stateDir) throws IOException {
        Properties state = read(stateDir);
        Optional<ProcessHandle> daemon = daemon(state);
        if (daemon.isEmpty()) {
            System.out.println("down");
            return 1;
        }
        System.out.println(state.getProperty("status") + " (pid " + daemon.get().pid() + ")");
        if ("ready".equals(state.getProperty("status"))) {
            printLines(state);
            System.out.println("BRISK_AUTH2=" + state.getProperty("auth2"));
            System.out.println("BRISK_ADMIN_AUTH=" + state.getProperty("admin-auth"));
            System.out.println(state.getProperty("describe", ""));
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The background JVM named in the state, if it still runs (same pid and start time). */
    private static Optional<ProcessHandle> daemon(Properties state) {
        try {
            long pid = Long.parseLong(state.getProperty("daemon.pid", "-1"));
            long start = Long.parseLong(state.getProperty("daemon.start", "-1"));
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> PidFile.startMillis(h).map(s -> s == start).orElse(false));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Properties read(Path stateDir) throws IOException {
        Properties p = new Properties();
        Path file = stateDir.resolve("state.properties");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        return p;
    }

    private static void write(Path stateDir, Properties state) {
        try {
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve("state.properties.tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                state.store(out, "Brisk process testbed (ProcessTestbedMain)");
            }
            Files.move(tmp, stateDir.resolve("state.properties"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("cannot write the state in " + stateDir + ": " + e);
        }
    }
}
