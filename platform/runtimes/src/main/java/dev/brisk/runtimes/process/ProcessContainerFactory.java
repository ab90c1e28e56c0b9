package dev.brisk.runtimes.process;

import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerSpec;
import org.eclipse.jetty.client.HttpClient;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
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
 * {@code <java.io.tmpdir>/brisk-process-containers}), the interpreters' ({@link Interpreters}), {@code sandbox}
 * ({@code auto} | {@code bubblewrap} | {@code none}, default {@code auto}), {@code bwrap} (default {@code bwrap} on
 * PATH), {@code setpriv} (default {@code setpriv} on PATH), {@code seccomp-python} (the Python with libseccomp's
 * bindings that compiles the {@link SeccompFilter}, default {@code /usr/bin/python3}), {@code uid-base} and
 * {@code uid-count} (the host uids containers get when the invoker is root, default 1000000000 and 65536),
 * {@code uid-lock-dir} (where uids are claimed, default {@code /run/brisk/action-uids}), {@code network} (give
 * sandboxed actions the host network, default {@code false}; this host's own addresses stay closed to them but for
 * the API's port, see {@link HostNetworkGuard}), {@code network-allow-ports} (more ports of this host they may reach), {@code tmpfs-mb} (the size of each of a container's
 * writable tmpfs, {@code $HOME}, {@code /tmp} and {@code /dev/shm}; default its action's memory limit),
 * {@code start-timeout-ms} (default 10000), {@code log-wait-ms} (how long {@code logs(..., true)} waits for the
 * sentinels, default 2000), {@code pids-limit} (processes and threads per container, default 256, 0 for none),
 * {@code memory-limit} (bound each container's memory at its action's limit, default {@code true}); both enforced
 * with cgroups when this process may create them, see {@link ContainerCgroups}; {@code node-modules} (the directory
 * on Node.js actions' {@code NODE_PATH}, default the packages OpenWhisk's Node.js runtime pre-installs, see
 * {@link NodePackages}).
 *
 * <p>Isolation is {@link Bubblewrap}'s: an unprivileged uid of the container's own with no capabilities, a seccomp
 * filter, read-only mounts, bounded tmpfs for every writable place. The invoker reaches the proxy only through a
 * socket it moved out of the action's reach ({@link ContainerLayout}) and knows its processes by the handle it forked
 * and by their cgroups, never by a file the action could write. With {@code sandbox=bubblewrap} a missing piece
 * (bwrap, setpriv as root, the seccomp filter) is an error at start; with {@code auto} the factory says which
 * piece it runs without, and runs without a sandbox only when bubblewrap itself does not work.
 *
 * <p>Memory: every container's memory is bounded by a memory cgroup at the action's limit, as {@code docker run
 * --memory}: an action allocating past it is OOM-killed and ends as a developer error ("The action exhausted its
 * memory and was aborted."). Node.js actions also get {@code --max-old-space-size=<memory>}, Java actions
 * {@code -Xmx<memory>m}, so their heaps stop there even where no memory cgroup can be made.
 */
public final class ProcessContainerFactory implements ContainerFactory {
    private static final System.Logger LOG = System.getLogger(ProcessContainerFactory.class.getName());
    private static final long JVM_PID = ProcessHandle.current().pid();

    public enum Sandbox { AUTO, BUBBLEWRAP, NONE }

    static final String JAVA_PROXY_CLASS = "dev.brisk.runtime.java.JavaActionProxy";
    /** Small and quick to start: CDS, serial GC, C1 only, no hsperfdata file. */
    static final List<String> JAVA_OPTIONS = List.of("-Xshare:auto", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
    private static final long DEFAULT_TMPFS_MB = 256;

    private final Path root;
    private final Map<String, String> settings;
    private final boolean network;
    private final Duration startTimeout;
    private final Duration logWait;
    private final Bubblewrap sandbox;
    private final ActionUids uids;
    private final HostNetworkGuard networkGuard;
    private final String sandboxStatus;
    private final ContainerCgroups cgroups;
    private final Interpreters interpreters;
    private final NodePackages nodePackages;
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
        this.interpreters = new Interpreters(settings);
        try {
            Path dir = Path.of(setting("work-dir", System.getProperty("java.io.tmpdir") + "/brisk-process-containers"));
            this.root = Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new ContainerException("cannot create the container work directory: " + e.getMessage(), e);
        }
        this.nodePackages = new NodePackages(root, settings.get("node-modules"));
        this.network = Boolean.parseBoolean(setting("network", "false"));
        this.startTimeout = Duration.ofMillis(Long.parseLong(setting("start-timeout-ms", "10000")));
        this.logWait = Duration.ofMillis(Long.parseLong(setting("log-wait-ms", "2000")));
        Sandbox mode = Sandbox.valueOf(setting("sandbox", "auto").toUpperCase(Locale.ROOT));
        List<String> missing = new ArrayList<>();
        Bubblewrap bubblewrap = null;
        ActionUids actionUids = null;
        String problem;
        if (mode == Sandbox.NONE) {
            problem = "sandbox disabled by the setting sandbox=none";
        } else {
            String bwrap = Interpreters.onPath(setting("bwrap", "bwrap")).orElse(null);
            String setpriv = null;
            if (Bubblewrap.invokerIsRoot()) {
                setpriv = Interpreters.onPath(setting("setpriv", "setpriv")).orElse(null);
                if (setpriv == null) {
                    missing.add("setpriv not found (util-linux): actions would keep root's uid");
                } else {
                    try {
                        actionUids = new ActionUids(Path.of(setting("uid-lock-dir", "/run/brisk/action-uids")),
                                Integer.parseInt(setting("uid-base", "1000000000")),
                                Integer.parseInt(setting("uid-count", "65536")));
                    } catch (IOException | RuntimeException e) {
                        missing.add("cannot claim action uids: " + e.getMessage());
                        setpriv = null;
                    }
                }
            }
            SeccompFilter seccomp = SeccompFilter.compile(setting("seccomp-python", "/usr/bin/python3"));
            if (!seccomp.available()) {
                missing.add(seccomp.problem());
            }
            if (bwrap == null) {
                problem = "bwrap not found on PATH";
                seccomp.delete();
            } else {
                bubblewrap = new Bubblewrap(bwrap, setpriv, network, seccomp);
                problem = probeSandbox(bubblewrap, actionUids);
            }
        }
        if (problem == null && !missing.isEmpty() && mode == Sandbox.BUBBLEWRAP) {
            problem = String.join("; ", missing);
        }
        HostNetworkGuard guard = null;
        if (problem == null && network && bubblewrap != null) {
            if (bubblewrap.ownUids()) {
                try {
                    guard = HostNetworkGuard.install(actionUids.base(), actionUids.count(),
                            java.util.Arrays.stream(setting("network-allow-ports", "").split(","))
                                    .map(String::trim).filter(p -> !p.isEmpty()).map(Integer::valueOf).toList());
                } catch (IOException | RuntimeException e) {
                    missing.add("the network guard (actions could reach this host's internal services): "
                            + e.getMessage());
                }
            } else {
                missing.add("the network guard, which needs the invoker to run as root: actions can reach this "
                        + "host's internal services");
            }
            if (guard == null && mode == Sandbox.BUBBLEWRAP) {
                problem = String.join("; ", missing);
            }
        }
        if (problem != null && guard != null) {
            guard.close();
            guard = null;
        }
        if (problem != null && bubblewrap != null) {
            bubblewrap.close();
            bubblewrap = null;
        }
        if (problem != null) {
            if (actionUids != null) {
                actionUids.close();
                actionUids = null;
            }
        }
        this.sandbox = bubblewrap;
        this.uids = actionUids;
        this.networkGuard = guard;
        this.sandboxStatus = sandbox == null ? problem : "bubblewrap"
                + (network ? networkGuard != null ? " (host network but this host's addresses" : " (host network"
                : " (no network")
                + (sandbox.ownUids() ? ", a uid of its own" : ", no capabilities")
                + (sandbox.filtered() ? ", seccomp filter)" : ")")
                + (missing.isEmpty() ? "" : "; missing: " + String.join("; ", missing));
        if (sandbox == null && mode == Sandbox.BUBBLEWRAP) {
            throw new ContainerException("sandbox=bubblewrap demanded but unusable: " + problem);
        }
        if (sandbox == null && mode == Sandbox.AUTO) {
            LOG.log(System.Logger.Level.WARNING, "Actions run without a sandbox: {0}", problem);
        } else if (!missing.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "The action sandbox runs without: {0}", String.join("; ", missing));
        }
        this.cgroups = ContainerCgroups.open(Long.parseLong(setting("pids-limit", "256")),
                Boolean.parseBoolean(setting("memory-limit", "true")));
        if (!cgroups.limits(ContainerCgroups.Controller.PIDS) || !cgroups.limits(ContainerCgroups.Controller.MEMORY)) {
            LOG.log(System.Logger.Level.WARNING, "Action containers are bounded by: {0}", cgroups.status());
        }
        try {
            http.setName("brisk-process-containers");
            http.setDestinationIdleTimeout(60_000); // forget the sockets of destroyed containers
            // a container runs up to its action's concurrency (at most 500, OpenWhisk's nodejs bound) requests at
            // once, each on a connection of its own: Jetty's default of 64 would queue the rest behind them
            http.setMaxConnectionsPerDestination(512);
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
        return sandbox != null;
    }

    /** {@code bubblewrap (...)} when sandboxed, with any piece it runs without; else the reason it is not. */
    public String sandboxStatus() {
        return sandboxStatus;
    }

    @Override
    public String describe() {
        return "process containers in " + root + "; sandbox: " + sandboxStatus + "; cgroups: " + cgroups.status();
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
        ContainerLayout layout = new ContainerLayout(root.resolve(name));
        if (layout.proxySocket().toString().getBytes(StandardCharsets.UTF_8).length > 107) {
            throw new ContainerException("work-dir is too long for a Unix socket path: " + layout.proxySocket());
        }
        Process process = null;
        ContainerCgroups.Group cgroup = null;
        int uid = -1;
        try {
            Files.createDirectories(layout.dir());
            Files.createDirectories(layout.runDir());
            Files.createDirectories(layout.home());
            if (sandbox != null && sandbox.ownUids()) {
                uid = uids.claim();
                Files.setAttribute(layout.runDir(), "unix:uid", uid);
                Files.setAttribute(layout.runDir(), "unix:gid", uid);
            }
            boolean jvm = family.equals("java");
            List<Path> classPath = jvm ? interpreters.javaClassPath() : List.of();
            Path nodeModules = family.equals("nodejs") ? nodePackages.nodeModules() : null;
            Path script = null;
            if (!jvm) {
                script = layout.proxyScript(proxy);
                try (InputStream in = getClass().getResourceAsStream("/dev/brisk/runtimes/" + family + "/" + proxy)) {
                    Files.copy(in, script);
                }
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r--r--r--"));
            }
            String interpreter = interpreters.interpreter(family);
            List<String> program = new ArrayList<>(List.of(interpreter));
            if (family.equals("nodejs") && spec.memoryMb() > 0) {
                program.add("--max-old-space-size=" + spec.memoryMb()); // V8 aborts past it, as the OOM killer would
            }
            if (jvm) {
                program.addAll(JAVA_OPTIONS);
                if (spec.memoryMb() > 0) {
                    program.add("-Xmx" + spec.memoryMb() + "m");
                }
                program.add("-cp");
                program.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            }
            program.add(jvm ? proxy : script.toString());
            List<String> command = program;
            if (sandbox != null) {
                List<Path> runtime = new ArrayList<>(classPath);
                runtime.add(Path.of(interpreter));
                if (nodeModules != null) {
                    runtime.add(nodeModules);
                }
                command = sandbox.command(layout, script, runtime, tmpfsBytes(spec), uid, program);
            }
            if (cgroups.active()) {
                cgroup = cgroups.create(name, spec.memoryMb() * 1024L * 1024L);
                command = ContainerCgroups.wrap(cgroup.dirs(), command);
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(layout.home().toFile());
            Map<String, String> env = builder.environment();
            env.clear(); // the invoker's environment (credentials, config) is none of the action's business
            env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"));
            env.put("LANG", "C.UTF-8");
            env.put("HOME", layout.home().toString());
            env.put("PYTHONIOENCODING", "utf-8");
            env.put("PYTHONUNBUFFERED", "1"); // output of an action killed at its timeout is not lost in a buffer
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            env.putAll(spec.environment());
            env.put("__OW_PROXY_SOCKET", layout.proxySocket().toString());
            if (nodeModules != null) {
                env.put("NODE_PATH", nodeModules.toString()); // searched after the action's own node_modules
            }
            if (networkGuard != null && spec.environment().containsKey("__OW_API_HOST")) {
                networkGuard.allowApiHost(spec.environment().get("__OW_API_HOST"));
            }
            process = launcher.submit(builder::start).get();
            String id = sanitize(spec.name()) + "-" + name;
            LogCollector logs = new LogCollector(process.getInputStream(), process.getErrorStream(), id, logWait);
            process.getOutputStream().close();
            awaitSocket(process, layout.proxySocket(), logs);
            takeSocket(layout);
            ContainerCgroups.Group limited = cgroup;
            int containerUid = uid;
            ProcessContainer container = new ProcessContainer(id, layout, process, logs, http, c -> {
                live.remove(c);
                Thread.ofVirtual().start(() -> { // its tasks may take a moment to exit
                    if (limited != null) {
                        ContainerCgroups.remove(limited);
                    }
                    if (containerUid >= 0) {
                        uids.release(containerUid); // only once nothing of it can be left running
                    }
                });
            }, signals, limited);
            live.add(container);
            return container;
        } catch (IOException | ExecutionException | RuntimeException e) {
            abandon(process, layout, cgroup, uid);
            if (e instanceof ContainerException ce) {
                throw ce;
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ContainerException("cannot start a " + family + " container: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(process, layout, cgroup, uid);
            throw new ContainerException("interrupted while starting a container", e);
        }
    }

    private long tmpfsBytes(ContainerSpec spec) {
        long mb = Long.parseLong(setting("tmpfs-mb", "0"));
        if (mb <= 0) {
            mb = spec.memoryMb() > 0 ? spec.memoryMb() : DEFAULT_TMPFS_MB;
        }
        return mb * 1024 * 1024;
    }

    /**
     * Moves the socket the proxy bound (before any action code ran) out of the run directory, and takes the run
     * directory back: from now on nothing on the invoker's way to this container is writable from inside it.
     */
    private void takeSocket(ContainerLayout layout) throws IOException {
        BasicFileAttributes socket = Files.readAttributes(layout.proxySocket(), BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!socket.isOther()) {
            throw new ContainerException("the action proxy's socket " + layout.proxySocket() + " is not a socket");
        }
        Files.move(layout.proxySocket(), layout.controlSocket(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        if (sandbox != null && sandbox.ownUids()) {
            Files.setAttribute(layout.runDir(), "unix:uid", 0);
            Files.setAttribute(layout.runDir(), "unix:gid", 0);
        }
        Files.setPosixFilePermissions(layout.runDir(), PosixFilePermissions.fromString("r-xr-xr-x"));
    }

    private void abandon(Process process, ContainerLayout layout, ContainerCgroups.Group cgroup, int uid) {
        kill(process);
        ProcessContainer.deleteTree(layout.dir());
        if (cgroup != null) {
            ContainerCgroups.remove(cgroup);
        }
        if (uid >= 0) {
            uids.release(uid);
        }
    }

    /** Starts {@code true} in a container with the real arguments; null when it works, else why not. */
    private String probeSandbox(Bubblewrap bubblewrap, ActionUids actionUids) {
        ContainerLayout layout = new ContainerLayout(root.resolve(JVM_PID + "-probe-" + System.nanoTime()));
        int uid = -1;
        try {
            Files.createDirectories(layout.runDir());
            Files.createDirectories(layout.home());
            if (bubblewrap.ownUids()) {
                uid = actionUids.claim();
            }
            List<String> command = bubblewrap.command(layout, null, List.of(), DEFAULT_TMPFS_MB << 20, uid,
                    List.of(Interpreters.onPath("true").orElse("/bin/true")));
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
            if (uid >= 0) {
                actionUids.release(uid);
            }
            ProcessContainer.deleteTree(layout.dir());
        }
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
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
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

    /** The Java proxy's class path (see {@link Interpreters}). */
    List<Path> javaClassPath() {
        return interpreters.javaClassPath();
    }

    /**
     * Removes directories an earlier run of this work-dir left behind. Nothing is killed by what a directory holds
     * (an action could have written it): a sandboxed proxy dies with its invoker (bubblewrap's --die-with-parent),
     * and what a killed invoker left in its cgroups is killed by {@link ContainerCgroups} at start. Directories of
     * another live JVM are left alone.
     */
    @Override
    public void cleanup() {
        Set<Path> mine = live.stream().map(ProcessContainer::directory).collect(Collectors.toSet());
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                String owner = dir.getFileName().toString().split("-", 2)[0];
                long pid = owner.matches("\\d+") ? Long.parseLong(owner) : -1;
                boolean otherLiveJvm = pid != JVM_PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (mine.contains(dir) || otherLiveJvm || NodePackages.CACHE_NAME.matcher(dir.getFileName().toString()).matches()) {
                    continue;
                }
                ProcessContainer.deleteTree(dir);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cleanup of " + root + " failed", e);
        }
    }

    @Override
    public void close() {
        List.copyOf(live).forEach(ProcessContainer::destroy);
        interpreters.close();
        launcher.shutdownNow();
        cgroups.close();
        signals.close();
        if (networkGuard != null) {
            networkGuard.close();
        }
        if (uids != null) {
            uids.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        try {
            http.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the HTTP client failed", e);
        }
    }
}
