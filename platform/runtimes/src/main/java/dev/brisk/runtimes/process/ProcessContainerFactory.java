package dev.brisk.runtimes.process;

import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.runtime.java.JavaActionProxy;
import org.eclipse.jetty.client.HttpClient;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs each action container as a local Node.js, Python or Java proxy process, inside bubblewrap when it works here.
 *
 * <p>Settings (all optional): {@code work-dir} (root of the per-container directories, default
 * {@code <java.io.tmpdir>/brisk-process-containers}), {@code node} (default {@code node} on PATH), {@code python}
 * (default {@code python3} on PATH), {@code java} (default the invoker's own {@code <java.home>/bin/java}),
 * {@code java-classpath} (the Java proxy's class path, default the proxy and Gson jars this class was loaded with),
 * {@code sandbox} ({@code auto} | {@code bubblewrap} | {@code none}, default
 * {@code auto}), {@code bwrap} (default {@code bwrap} on PATH), {@code network} (give sandboxed actions the host
 * network, default {@code false}), {@code start-timeout-ms} (default 10000), {@code log-wait-ms} (how long
 * {@code logs(..., true)} waits for the sentinels, default 2000), {@code pids-limit} (processes and threads per
 * container, default 256, 0 for none), {@code memory-limit} (bound each container's memory at its action's limit,
 * default {@code true}); both enforced with cgroups when this process may create them, see {@link ContainerCgroups}.
 *
 * <p>Memory: every container's memory is bounded by a memory cgroup at the action's limit, as {@code docker run
 * --memory}: an action allocating past it is OOM-killed and ends as a developer error ("The action exhausted its
 * memory and was aborted."). Node.js actions also get {@code --max-old-space-size=<memory>}, Java actions
 * {@code -Xmx<memory>m}, so their heaps stop there even where no memory cgroup can be made.
 *
 * <p>Java actions run in their own JVM: {@code dev.brisk.runtime.java.JavaActionProxy} (module
 * {@code brisk-runtime-java-proxy}) with Gson. Both jars are dependencies of this module; their locations come from
 * the classes' {@code CodeSource} (a jar in {@code libs/}, a local-repository jar, or a {@code classes} directory in
 * a reactor build), and a jar nested inside another one is extracted once to a temporary directory. The sandbox
 * binds exactly these jars and each interpreter's installation read-only, and of the host only {@link SandboxMounts}.
 */
public final class ProcessContainerFactory implements ContainerFactory {
    private static final System.Logger LOG = System.getLogger(ProcessContainerFactory.class.getName());
    private static final long JVM_PID = ProcessHandle.current().pid();

    public enum Sandbox { AUTO, BUBBLEWRAP, NONE }

    static final String JAVA_PROXY_CLASS = "dev.brisk.runtime.java.JavaActionProxy";
    /** Small and quick to start: CDS, serial GC, C1 only, no hsperfdata file. */
    static final List<String> JAVA_OPTIONS = List.of("-Xshare:auto", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    private final Path root;
    private final Map<String, String> settings;
    private final boolean network;
    private final Duration startTimeout;
    private final Duration logWait;
    private final String bwrap;
    private final boolean sandboxed;
    private final String sandboxStatus;
    private final ContainerCgroups cgroups;
    private final Map<String, String> interpreters = new ConcurrentHashMap<>();
    private volatile List<Path> javaClassPath;
    private volatile Path extractedJars;
    private final Set<ProcessContainer> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final HttpClient http = new HttpClient();
    private final Signals signals = new Signals();
    /**
     * Children are started from one long-lived platform thread: bubblewrap's --die-with-parent (PR_SET_PDEATHSIG)
     * fires when the thread that forked it ends, so a pooled or virtual thread's carrier could kill containers.
     */
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("brisk-process-launcher").unstarted(r));

    public ProcessContainerFactory(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
        try {
            Path dir = Path.of(setting("work-dir", System.getProperty("java.io.tmpdir") + "/brisk-process-containers"));
            this.root = Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new ContainerException("cannot create the container work directory: " + e.getMessage(), e);
        }
        this.network = Boolean.parseBoolean(setting("network", "false"));
        this.startTimeout = Duration.ofMillis(Long.parseLong(setting("start-timeout-ms", "10000")));
        this.logWait = Duration.ofMillis(Long.parseLong(setting("log-wait-ms", "2000")));
        Sandbox mode = Sandbox.valueOf(setting("sandbox", "auto").toUpperCase(Locale.ROOT));
        this.bwrap = onPath(setting("bwrap", "bwrap")).orElse(null);
        String problem = mode == Sandbox.NONE ? "sandbox disabled by the setting sandbox=none"
                : bwrap == null ? "bwrap not found on PATH" : probeSandbox();
        this.sandboxed = problem == null;
        this.sandboxStatus = sandboxed ? "bubblewrap" + (network ? " (host network)" : " (no network)") : problem;
        if (!sandboxed && mode == Sandbox.BUBBLEWRAP) {
            throw new ContainerException("sandbox=bubblewrap demanded but unusable: " + problem);
        }
        if (!sandboxed && mode == Sandbox.AUTO) {
            LOG.log(System.Logger.Level.WARNING, "Actions run without a sandbox: {0}", problem);
        }
        this.cgroups = ContainerCgroups.open(Long.parseLong(setting("pids-limit", "256")),
                Boolean.parseBoolean(setting("memory-limit", "true")));
        if (!cgroups.limits(ContainerCgroups.Controller.PIDS) || !cgroups.limits(ContainerCgroups.Controller.MEMORY)) {
            LOG.log(System.Logger.Level.WARNING, "Action containers are bounded by: {0}", cgroups.status());
        }
        try {
            http.setName("brisk-process-containers");
            http.setDestinationIdleTimeout(60_000); // forget the sockets of destroyed containers
            http.start();
        } catch (Exception e) {
            throw new ContainerException("cannot start the HTTP client", e);
        }
    }

    private String setting(String key, String fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Whether containers run inside bubblewrap. */
    public boolean sandboxed() {
        return sandboxed;
    }

    /** {@code bubblewrap (...)} when sandboxed, else the reason it is not. */
    public String sandboxStatus() {
        return sandboxStatus;
    }

    public Path workDir() {
        return root;
    }

    /** What cgroups bound each container by ({@code pids limit N, memory limit per action}), and why one is missing. */
    public String cgroupStatus() {
        return cgroups.status();
    }

    @Override
    public Container create(ContainerSpec spec) throws ContainerException {
        if (spec.blackbox()) {
            throw new ContainerException("blackbox actions (image " + spec.image() + ") need an invoker with the docker"
                    + " or kubernetes container factory; this one runs processes (brisk.invoker.container-factory=process)");
        }
        String family = spec.kind().family();
        String proxy = switch (family) {
            case "nodejs" -> "proxy.js";
            case "python" -> "proxy.py";
            case "java" -> JAVA_PROXY_CLASS;
            default -> throw new ContainerException("the process container factory cannot run kind " + spec.kind().kind());
        };
        String name = JVM_PID + "-" + sequence.incrementAndGet();
        Path dir = root.resolve(name);
        Path socket = ProcessContainer.socket(dir);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > 107) {
            throw new ContainerException("work-dir is too long for a Unix socket path: " + socket);
        }
        Process process = null;
        ContainerCgroups.Group cgroup = null;
        try {
            Files.createDirectories(dir);
            boolean jvm = family.equals("java");
            List<Path> classPath = jvm ? javaClassPath() : List.of();
            if (!jvm) {
                try (InputStream in = getClass().getResourceAsStream("/dev/brisk/runtimes/" + family + "/" + proxy)) {
                    Files.copy(in, dir.resolve(proxy));
                }
            }
            String interpreter = interpreter(family);
            List<Path> runtime = new ArrayList<>(classPath);
            runtime.add(Path.of(interpreter));
            List<String> command = new ArrayList<>(sandboxed ? sandbox(dir, runtime) : List.of());
            command.add(interpreter);
            if (family.equals("nodejs") && spec.memoryMb() > 0) {
                command.add("--max-old-space-size=" + spec.memoryMb()); // V8 aborts past it, as the OOM killer would
            }
            if (jvm) {
                command.addAll(JAVA_OPTIONS);
                if (spec.memoryMb() > 0) {
                    command.add("-Xmx" + spec.memoryMb() + "m");
                }
                command.add("-cp");
                command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            }
            command.add(proxy);
            if (cgroups.active()) {
                cgroup = cgroups.create(name, spec.memoryMb() * 1024L * 1024L);
                command = ContainerCgroups.wrap(cgroup.dirs(), command);
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            Map<String, String> env = builder.environment();
            env.clear(); // the invoker's environment (credentials, config) is none of the action's business
            env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"));
            env.put("LANG", "C.UTF-8");
            env.put("HOME", dir.toString());
            env.put("PYTHONIOENCODING", "utf-8");
            env.put("PYTHONUNBUFFERED", "1"); // output of an action killed at its timeout is not lost in a buffer
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            env.putAll(spec.environment());
            env.put("__OW_PROXY_SOCKET", socket.toString());
            process = launcher.submit(builder::start).get();
            Files.writeString(dir.resolve("proxy.pid"), Long.toString(process.pid()));
            String id = sanitize(spec.name()) + "-" + name;
            LogCollector logs = new LogCollector(process.getInputStream(), process.getErrorStream(), id, logWait);
            process.getOutputStream().close();
            awaitSocket(process, socket, logs);
            ContainerCgroups.Group limited = cgroup;
            ProcessContainer container = new ProcessContainer(id, dir, process, logs, http, c -> {
                live.remove(c);
                if (limited != null) {
                    Thread.ofVirtual().start(() -> ContainerCgroups.remove(limited)); // its tasks may take a moment to exit
                }
            }, signals, () -> limited != null && limited.oomKilled());
            live.add(container);
            return container;
        } catch (IOException | ExecutionException | RuntimeException e) {
            kill(process);
            ProcessContainer.deleteTree(dir);
            removeCgroup(cgroup);
            if (e instanceof ContainerException ce) {
                throw ce;
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ContainerException("cannot start a " + family + " container: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            ProcessContainer.deleteTree(dir);
            removeCgroup(cgroup);
            throw new ContainerException("interrupted while starting a container", e);
        }
    }

    /**
     * bubblewrap: of the host only the system's programs and libraries and the runtime's own installation, read-only
     * ({@link SandboxMounts}); fresh /dev, /proc and /tmp; only the container's own directory (under an empty tmpfs
     * over the work-dir root) writable; and new namespaces (PID, IPC, UTS, network unless {@code network=true}).
     */
    private List<String> sandbox(Path dir, List<Path> runtime) {
        List<String> args = new ArrayList<>(List.of(bwrap));
        args.addAll(SandboxMounts.system());
        args.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
                "--tmpfs", root.toString(), "--bind", dir.toString(), dir.toString()));
        args.addAll(SandboxMounts.runtimes(runtime));
        args.addAll(List.of("--remount-ro", "/")); // the sandbox's own root too: only its directory and /tmp take writes
        args.add("--unshare-all");
        if (network) {
            args.add("--share-net");
        }
        args.addAll(List.of("--die-with-parent", "--new-session", "--chdir", dir.toString(), "--"));
        return args;
    }

    /** Runs {@code bwrap ... true} once with the real arguments; null when it works, else why not. */
    private String probeSandbox() {
        Path dir = root.resolve(JVM_PID + "-probe-" + System.nanoTime());
        try {
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(sandbox(dir, List.of()));
            command.add(onPath("true").orElse("/bin/true"));
            Process p = launcher.submit(new ProcessBuilder(command).redirectErrorStream(true)::start).get();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "bwrap did not finish within 10 s";
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : "bwrap exited with " + p.exitValue() + ": " + output;
        } catch (IOException | ExecutionException e) {
            return "bwrap failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing bwrap";
        } finally {
            ProcessContainer.deleteTree(dir);
        }
    }

    /**
     * The interpreter's real executable, asked once per family: version-manager shims (pyenv, nvm) need their own
     * HOME and environment, which the container does not have.
     */
    private String interpreter(String family) {
        return interpreters.computeIfAbsent(family, f -> {
            if (f.equals("java")) {
                String configured = setting("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
                String path = onPath(configured).orElseThrow(
                        () -> new ContainerException(configured + " not found: set the factory setting java"));
                try {
                    return Path.of(path).toRealPath().toString();
                } catch (IOException e) {
                    return path;
                }
            }
            boolean node = f.equals("nodejs");
            String configured = setting(node ? "node" : "python", node ? "node" : "python3");
            String path = onPath(configured).orElseThrow(
                    () -> new ContainerException(configured + " not found: set the factory setting " + (node ? "node" : "python")));
            List<String> ask = node ? List.of(path, "-e", "process.stdout.write(process.execPath)")
                    : List.of(path, "-c", "import sys; sys.stdout.write(sys.executable)");
            try {
                Process p = new ProcessBuilder(ask).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !real.isEmpty() ? real : path;
            } catch (IOException e) {
                throw new ContainerException("cannot run " + path + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return path;
            }
        });
    }

    private static Optional<String> onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program)) ? Optional.of(program) : Optional.empty();
        }
        return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /** Polls until the proxy accepts on its socket; fails fast when the process exits. */
    private void awaitSocket(Process process, Path socket, LogCollector logs) throws InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Thread.sleep(50); // let the reader threads catch the last stderr lines
                throw new ContainerException("the action proxy exited with " + process.exitValue() + " at start:\n"
                        + logs.stderrTail(20));
            }
            if (Files.exists(socket)) {
                try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    return;
                } catch (IOException e) {
                    // bound but not listening yet
                }
            }
            Thread.sleep(10);
        }
        throw new ContainerException("the action proxy did not listen within " + startTimeout.toMillis() + " ms:\n"
                + logs.stderrTail(20));
    }

    private static void removeCgroup(ContainerCgroups.Group cgroup) {
        if (cgroup != null) {
            ContainerCgroups.remove(cgroup);
        }
    }

    private static void kill(Process process) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String sanitize(String name) {
        String clean = name == null ? "" : name.replaceAll("[^A-Za-z0-9_.-]", "_");
        return clean.isEmpty() ? "action" : clean.substring(0, Math.min(40, clean.length()));
    }

    /** The Java proxy's class path: the setting {@code java-classpath}, else the proxy's and Gson's own jars. */
    List<Path> javaClassPath() {
        List<Path> known = javaClassPath;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (javaClassPath == null) {
                String configured = settings.get("java-classpath");
                javaClassPath = configured != null && !configured.isBlank()
                        ? Stream.of(configured.trim().split(File.pathSeparator)).filter(s -> !s.isBlank())
                        .map(s -> Path.of(s).toAbsolutePath()).toList()
                        : List.of(locate(JavaActionProxy.class), locate(com.google.gson.JsonObject.class));
            }
            return javaClassPath;
        }
    }

    /**
     * The jar or classes directory a class was loaded from. A jar nested in another (a {@code jar:} location, as
     * fat-jar launchers report) is copied out to a temporary directory once.
     */
    private Path locate(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            throw new ContainerException("cannot locate the jar of " + type.getName() + ": set the factory setting java-classpath");
        }
        try {
            if (location.getProtocol().equals("file")) {
                Path path = Path.of(location.toURI());
                if (Files.exists(path)) {
                    return path.toRealPath();
                }
            }
            String url = location.toString();
            if (url.endsWith("!/")) {
                location = URI.create(url.substring(0, url.length() - 2)).toURL();
            }
            if (extractedJars == null) {
                extractedJars = Files.createTempDirectory("brisk-java-proxy-").toRealPath();
            }
            String name = location.getPath().substring(location.getPath().lastIndexOf('/') + 1);
            Path target = extractedJars.resolve(name.endsWith(".jar") ? name : type.getSimpleName() + ".jar");
            try (InputStream in = location.openStream()) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (var jar = new java.util.jar.JarFile(target.toFile())) {
                if (jar.getEntry(type.getName().replace('.', '/') + ".class") == null) {
                    throw new IOException(location + " does not hold " + type.getName());
                }
            }
            return target;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new ContainerException("cannot locate the jar of " + type.getName() + " (" + location + "): "
                    + e.getMessage() + "; set the factory setting java-classpath", e);
        }
    }


    /**
     * Removes directories an earlier run left under the work-dir root, killing a proxy still running there (only
     * unsandboxed ones survive their JVM). Directories of another live JVM are left alone.
     */
    @Override
    public void cleanup() {
        Set<Path> mine = live.stream().map(ProcessContainer::directory).collect(java.util.stream.Collectors.toSet());
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                String owner = dir.getFileName().toString().split("-", 2)[0];
                long pid = owner.matches("\\d+") ? Long.parseLong(owner) : -1;
                boolean otherLiveJvm = pid != JVM_PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (mine.contains(dir) || otherLiveJvm) {
                    continue;
                }
                killLeftover(dir.resolve("proxy.pid"));
                ProcessContainer.deleteTree(dir);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cleanup of " + root + " failed", e);
        }
    }

    private void killLeftover(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid)
                    // a recycled pid is someone else's process: only kill what looks like ours
                    .filter(p -> p.info().command().map(c -> c.contains("bwrap") || c.contains("node")
                            || c.contains("python") || c.contains("java")).orElse(false))
                    .ifPresent(p -> {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    });
        } catch (IOException | NumberFormatException e) {
            // no pid file: nothing to kill
        }
    }

    @Override
    public void close() {
        List.copyOf(live).forEach(ProcessContainer::destroy);
        if (extractedJars != null) {
            ProcessContainer.deleteTree(extractedJars);
        }
        launcher.shutdownNow();
        cgroups.close();
        signals.close();
        try {
            http.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the HTTP client failed", e);
        }
    }
}
