package dev.brisk.runtimes.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What bubblewrap must keep an action from doing, plus the factory's own housekeeping. */
class SandboxTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Python actions: each runs the snippet in args['code'] and returns what it assigned to r. */
    static final String PROBE = """
            import os, socket
            def main(args):
                g = {'os': os, 'socket': socket, 'args': args}
                try:
                    exec(args['code'], g)
                    return {'r': g.get('r')}
                except Exception as ex:
                    return {'failed': type(ex).__name__ + ': ' + str(ex)}
            """;

    /** Outside /tmp on purpose: hiding sibling containers must not depend on the tmpfs over /tmp. */
    Path work;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void workDir() throws IOException {
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "sbx");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        ProcessContainer.deleteTree(work);
    }

    ProcessContainerFactory factory(Map<String, String> extra) {
        var settings = new java.util.HashMap<>(extra);
        settings.put("work-dir", work.resolve("c").toString());
        ProcessContainerFactory f = new ProcessContainerFactory(settings);
        open.add(f);
        return f;
    }

    ProcessContainerFactory sandboxedFactory(boolean network) {
        return sandboxedFactory(network, Map.of());
    }

    ProcessContainerFactory sandboxedFactory(boolean network, Map<String, String> extra) {
        var settings = new java.util.HashMap<>(extra);
        settings.put("network", Boolean.toString(network));
        ProcessContainerFactory f = factory(settings);
        assumeTrue(f.sandboxed(), "bubblewrap not usable here: " + f.sandboxStatus());
        return f;
    }

    static ProcessContainer probe(ProcessContainerFactory f) {
        var kind = RuntimeManifest.standard().resolve("python:default").orElseThrow();
        ProcessContainer c = (ProcessContainer) f.create(new ContainerSpec("probe", kind, 256, Map.of()));
        assertEquals(200, c.init(ProxyProtocolTest.initBody(PROBE), TIMEOUT).status());
        return c;
    }

    static JsonNode exec(Container c, String code) {
        var response = c.run(ProxyProtocolTest.runBody(Json.object().put("code", code)), TIMEOUT);
        assertEquals(200, response.status(), response.body());
        return Json.parse(response.body());
    }

    static String write(String path) {
        return "open(" + Json.write(path) + ", 'w').write('x'); r = 'written'";
    }

    @Test
    void actionCanWriteOnlyItsOwnDirectory() throws IOException {
        ProcessContainer c = probe(sandboxedFactory(false));
        // outside the work-dir and /tmp (hidden anyway): a directory of the host that this JVM can write
        Path outside = Files.createDirectories(Path.of("target", "sandbox-outside").toAbsolutePath());
        String name = "escape-" + UUID.randomUUID();
        for (Path dir : List.of(outside, Path.of(System.getProperty("user.home")), Path.of(System.getProperty("user.dir")))) {
            JsonNode result = exec(c, write(dir.resolve(name).toString()));
            // a checkout under /tmp lies below the sandbox's private /tmp: there the write lands in that tmpfs (or
            // finds no directory), never on the host; anywhere else the host's file system is read-only
            // anywhere else the host's directory is not there at all (or, for system paths, read-only)
            if (!dir.startsWith("/tmp")) {
                String failure = result.path("failed").asText();
                assertTrue(failure.contains("Read-only file system") || failure.contains("No such file or directory"),
                        dir + ": " + result);
            }
            assertFalse(Files.exists(dir.resolve(name)), dir + " was written on the host: " + result);
        }
        assertEquals("written", exec(c, write("own.txt")).get("r").asText());
        assertEquals("written", exec(c, write(c.home().resolve("abs.txt").toString())).get("r").asText());
        // its home is a tmpfs of its own: nothing it writes lands on the host's disk
        assertFalse(Files.exists(c.home().resolve("own.txt")), "the action's file is on the host's disk");
        assertFalse(Files.exists(c.home().resolve("abs.txt")), "the action's file is on the host's disk");
    }

    @Test
    void hostFilesAreInvisible() {
        ProcessContainer c = probe(sandboxedFactory(false));
        List<String> secrets = List.of("/etc/shadow", "/etc/gshadow", "/etc/ssh", "/var", "/run", "/opt", "/sys",
                Path.of(System.getProperty("user.dir")).resolve("pom.xml").toString(),
                Path.of(System.getProperty("user.dir")).resolve("src").toString());
        for (String path : secrets) {
            JsonNode seen = exec(c, "r = os.path.exists(" + Json.write(path) + ")").get("r");
            assertFalse(seen.asBoolean(), path + " is visible in the sandbox");
        }
        // of the home directory only the way to an interpreter installed there (pyenv) shows
        String home = System.getProperty("user.home");
        JsonNode inHome = exec(c, "import sys; h = " + Json.write(home) + "; r = {'list': os.listdir(h) if os.path.isdir(h)"
                + " else [], 'exe': sys.executable}").get("r");
        for (JsonNode entry : inHome.get("list")) {
            assertTrue(inHome.get("exe").asText().startsWith(home + "/" + entry.asText() + "/"),
                    "the sandbox sees " + home + "/" + entry.asText() + ": " + inHome);
        }
        // what the runtime needs is there, read-only
        assertTrue(exec(c, "r = os.path.exists('/usr/bin') and os.path.exists('/etc/hosts')").get("r").asBoolean());
    }

    @Test
    void otherContainersAreInvisible() {
        ProcessContainerFactory f = sandboxedFactory(false);
        ProcessContainer a = probe(f);
        ProcessContainer b = probe(f);
        String other = b.directory().toString();
        assertFalse(exec(a, "r = os.path.exists(" + Json.write(other) + ")").get("r").asBoolean());
        JsonNode listing = exec(a, "r = os.listdir(" + Json.write(f.workDir().toString()) + ")").get("r");
        assertEquals(1, listing.size(), listing.toString());
        assertEquals(a.directory().getFileName().toString(), listing.get(0).asText());
        // and processes: a fresh PID namespace shows only the container's own
        JsonNode pids = exec(a, "r = [p for p in os.listdir('/proc') if p.isdigit()]").get("r");
        assertTrue(pids.size() <= 3, "sees " + pids);
    }

    @Test
    void tmpIsPrivate() {
        ProcessContainerFactory f = sandboxedFactory(false);
        ProcessContainer a = probe(f);
        ProcessContainer b = probe(f);
        String file = "/tmp/brisk-private-" + UUID.randomUUID();
        assertEquals("written", exec(a, write(file)).get("r").asText());
        assertTrue(exec(a, "r = os.path.exists(" + Json.write(file) + ")").get("r").asBoolean());
        assertFalse(exec(b, "r = os.path.exists(" + Json.write(file) + ")").get("r").asBoolean());
        assertFalse(Files.exists(Path.of(file)), "visible on the host");
    }

    @Test
    void noNetworkByDefault() throws Exception {
        ProcessContainer c = probe(sandboxedFactory(false));
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            JsonNode result = exec(c, connect(server.getLocalPort()));
            assertTrue(result.has("failed"), "connected: " + result);
        }
    }

    /** With network this host's own services stay closed to actions, but for the ports allowed (the API's). */
    @Test
    void networkWhenEnabled() throws Exception {
        try (ServerSocket allowed = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocket internal = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ProcessContainerFactory f = sandboxedFactory(true, Map.of("network-allow-ports",
                    Integer.toString(allowed.getLocalPort())));
            ProcessContainer c = probe(f);
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return allowed.accept();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            JsonNode result = exec(c, connect(allowed.getLocalPort()));
            assertEquals("connected", result.path("r").asText(), result.toString());
            accepted.get(5, TimeUnit.SECONDS).close();
            if (f.sandboxStatus().contains("this host's addresses")) {
                JsonNode refused = exec(c, connect(internal.getLocalPort()));
                assertTrue(refused.path("failed").asText().contains("refused"), "an internal port: " + refused);
            }
        }
    }

    static String connect(int port) {
        return "s = socket.create_connection(('127.0.0.1', " + port + "), timeout=3); s.close(); r = 'connected'";
    }

    @Test
    void demandedSandboxFailsWhenUnusable() {
        var missing = Map.of("bwrap", "/nonexistent/bwrap");
        assertThrows(ContainerException.class, () -> factory(withSandbox(missing, "bubblewrap")));
        ProcessContainerFactory fallback = factory(withSandbox(missing, "auto"));
        assertFalse(fallback.sandboxed());
        assertTrue(fallback.sandboxStatus().contains("not found"), fallback.sandboxStatus());
        assertFalse(factory(withSandbox(Map.of(), "none")).sandboxed());
    }

    static Map<String, String> withSandbox(Map<String, String> settings, String mode) {
        var all = new java.util.HashMap<>(settings);
        all.put("sandbox", mode);
        return all;
    }

    @Test
    void unsandboxedContainersWorkToo() {
        ProcessContainer c = probe(factory(Map.of("sandbox", "none")));
        assertEquals(2, exec(c, "r = 1 + 1").get("r").asInt());
    }

    @Test
    void destroyKillsChildProcessesOfTheAction() throws Exception {
        ProcessContainerFactory f = factory(Map.of());
        ProcessContainer c = probe(f);
        exec(c, "import subprocess; r = subprocess.Popen(['sleep', '300']).pid");
        List<ProcessHandle> tree = c.process().descendants().toList();
        assertTrue(tree.stream().anyMatch(p -> p.info().command().orElse("").endsWith("sleep")), "no sleep child");
        c.destroy();
        for (ProcessHandle p : tree) {
            p.onExit().get(5, TimeUnit.SECONDS);
        }
    }

    /** A background process the action left spinning gets no CPU while its container is suspended. */
    @Test
    void suspendStopsEveryProcessAndResumeContinues() throws Exception {
        ProcessContainer c = probe(factory(Map.of()));
        exec(c, "import subprocess; r = subprocess.Popen(['python3', '-c', 'while True: pass']).pid");
        c.suspend();
        Thread.sleep(200); // a freeze or a SIGSTOP takes effect asynchronously
        long before = cpuTicks(c.process());
        Thread.sleep(500);
        long after = cpuTicks(c.process());
        assertEquals(before, after, "the container's processes ran while suspended");
        c.resume();
        assertEquals(2, exec(c, "r = 1 + 1").get("r").asInt());
        Thread.sleep(300);
        assertTrue(cpuTicks(c.process()) > after, "the spinning process did not run again after resume");
    }

    /** utime + stime of the process and its descendants, in clock ticks. */
    static long cpuTicks(Process process) {
        long ticks = 0;
        for (ProcessHandle p : java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()),
                process.descendants()).toList()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException e) {
                // exited meanwhile
            }
        }
        return ticks;
    }

    @Test
    void privateMemoryIsMeasuredOverTheProcessTree() throws Exception {
        ProcessContainer c = probe(factory(Map.of()));
        java.util.OptionalInt mb = c.privateMemoryMb();
        assertTrue(mb.isPresent(), "no measurement");
        assertTrue(mb.getAsInt() > 0 && mb.getAsInt() < 1024, "implausible " + mb.getAsInt() + " MB");
        c.destroy();
        assertTrue(c.privateMemoryMb().isEmpty(), "a destroyed container holds nothing");
    }

    static String state(ProcessHandle p) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }

    @Test
    void cleanupRemovesLeftoversButKeepsLiveContainers() throws Exception {
        ProcessContainerFactory f = factory(Map.of());
        ProcessContainer live = probe(f);
        Path leftover = Files.createDirectories(f.workDir().resolve("999999999-1"));
        // a pid an action planted in a file before an unclean stop: a host process that is not the factory's
        Process bystander = new ProcessBuilder("sleep", "30").start();
        try {
            for (String file : List.of("proxy.pid", "run/proxy.pid", "home/proxy.pid")) {
                Files.createDirectories(leftover.resolve(file).getParent());
                Files.writeString(leftover.resolve(file), Long.toString(bystander.pid()));
            }
            f.cleanup();
            assertFalse(Files.exists(leftover));
            assertTrue(bystander.isAlive(), "cleanup killed the process named by a file in a container directory");
        } finally {
            bystander.destroyForcibly();
        }
        assertTrue(Files.exists(live.directory()));
        assertEquals(2, exec(live, "r = 1 + 1").get("r").asInt());
    }

    @Test
    void closeDestroysAllContainers() {
        ProcessContainerFactory f = factory(Map.of());
        ProcessContainer a = probe(f);
        ProcessContainer b = probe(f);
        f.close();
        assertFalse(a.process().isAlive());
        assertFalse(b.process().isAlive());
        assertFalse(Files.exists(a.directory()));
    }

    @Test
    void failingProxyStartIsAContainerException() {
        ProcessContainerFactory f = factory(Map.of("python", "/bin/false"));
        var kind = RuntimeManifest.standard().resolve("python:default").orElseThrow();
        var e = assertThrows(ContainerException.class, () -> f.create(new ContainerSpec("x", kind, 256, Map.of())));
        assertTrue(e.getMessage().contains("exited with 1"), e.getMessage());
        try (var dirs = Files.list(f.workDir())) {
            assertEquals(0, dirs.count(), "directory of the failed container left behind");
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
