package dev.brisk.runtimes.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import dev.brisk.core.testing.OutsideHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.brisk.runtimes.process.SandboxTest.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An action written by an attacker, against one process container factory: each attack of the tenant-isolation
 * trial (remount and write the host, redirect the control channel, plant a pid, fill the disk, outlive the
 * container, escalate) is tried for real and must be refused or contained.
 */
class HostileSandboxTest {
    Path work;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void workDir() throws IOException {
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "hostile");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        ProcessContainer.deleteTree(work);
    }

    ProcessContainerFactory sandboxed(Map<String, String> extra) {
        var settings = new HashMap<>(extra);
        settings.put("work-dir", work.resolve("c").toString());
        ProcessContainerFactory f = new ProcessContainerFactory(settings);
        open.add(f);
        assumeTrue(f.sandboxed(), "bubblewrap not usable here: " + f.sandboxStatus());
        return f;
    }

    static ProcessContainer probe(ProcessContainerFactory f, int memoryMb) {
        var kind = RuntimeManifest.standard().resolve("python:default").orElseThrow();
        ProcessContainer c = (ProcessContainer) f.create(new ContainerSpec("hostile", kind, memoryMb, Map.of()));
        assertEquals(200, c.init(ProxyProtocolTest.initBody(SandboxTest.PROBE), SandboxTest.TIMEOUT).status());
        return c;
    }

    static Map<String, String> status(ProcessContainer c) {
        Map<String, String> fields = new HashMap<>();
        JsonNode lines = exec(c, "r = open('/proc/self/status').read().splitlines()").get("r");
        for (JsonNode line : lines) {
            String[] kv = line.asText().split(":\\s*", 2);
            if (kv.length == 2) {
                fields.put(kv[0], kv[1].trim());
            }
        }
        return fields;
    }

    @Test
    void runsAsAnUnprivilegedUidOfItsOwnWithNothingToEscalate() {
        ProcessContainerFactory f = sandboxed(Map.of());
        assertTrue(f.sandboxStatus().contains("seccomp filter"), "no seccomp filter: " + f.sandboxStatus());
        ProcessContainer a = probe(f, 256);
        ProcessContainer b = probe(f, 256);
        Map<String, String> seen = status(a);
        for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
            assertEquals("0000000000000000", seen.get(set), set + ": " + seen);
        }
        assertEquals("1", seen.get("NoNewPrivs"), seen.toString());
        assertEquals("2", seen.get("Seccomp"), "seccomp mode (2: filter): " + seen);
        String uidA = seen.get("Uid").split("\\s+")[0];
        if (Bubblewrap.invokerIsRoot()) { // as root each container is a host uid of its own
            assertNotEquals("0", uidA, seen.toString());
            assertTrue(Long.parseLong(uidA) >= 1_000_000_000L, "uid " + uidA);
            assertNotEquals(uidA, status(b).get("Uid").split("\\s+")[0], "two containers share a uid");
            assertEquals(uidA, ownerOf(a), "the process on the host runs as the container's uid");
        }
    }

    /** The host uid of the container's proxy, as the host sees it. */
    static String ownerOf(ProcessContainer c) {
        ProcessHandle proxy = c.process().descendants().filter(p -> p.info().command().orElse("").contains("python"))
                .findFirst().orElseThrow();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(proxy.pid()), "status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1];
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no Uid line");
    }

    @Test
    void remountingAndWritingTheHostAreRefused() throws Exception {
        ProcessContainer c = probe(sandboxed(Map.of()), 256);
        JsonNode mount = exec(c, "import subprocess; p = subprocess.run(['mount', '-o', 'remount,bind,rw', '/usr'],"
                + " capture_output=True, text=True); r = [p.returncode, p.stderr]").get("r");
        assertNotEquals(0, mount.get(0).asInt(), "remount succeeded: " + mount);
        String python = exec(c, "import sys; r = sys.prefix").get("r").asText();
        for (String target : List.of("/usr/share/brisk-planted", "/etc/hosts", "/usr/bin/brisk-planted",
                python + "/lib/brisk-planted.py", "/brisk-planted")) {
            JsonNode result = exec(c, "open(" + Json.write(target) + ", 'a').write('planted'); r = 'written'");
            assertTrue(result.has("failed"), target + " was written: " + result);
        }
        assertFalse(Files.exists(Path.of("/usr/share/brisk-planted")));
        assertFalse(Files.readString(Path.of("/etc/hosts")).contains("planted"), "/etc/hosts changed");
    }

    /** The calls of a container escape, made directly (x86_64 numbers): each refused by the filter or the kernel. */
    @Test
    void escapeSystemCallsAreRefused() {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "system call numbers are x86_64's");
        ProcessContainer c = probe(sandboxed(Map.of()), 256);
        String code = """
                import ctypes, errno
                libc = ctypes.CDLL(None, use_errno=True)
                libc.syscall.restype = ctypes.c_long
                calls = {'mount': (165, b'none', b'/usr', None, 0x20 | 0x1000, None), 'umount2': (166, b'/usr', 2),
                         'pivot_root': (155, b'/tmp', b'/tmp'), 'unshare': (272, 0x10000000 | 0x00020000),
                         'setns': (308, 0, 0), 'ptrace': (101, 16, 1, 0, 0), 'keyctl': (250, 0, 0, 0, 0),
                         'add_key': (248, b'user', b'x', b'x', 1, -2), 'bpf': (321, 0, 0, 0),
                         'perf_event_open': (298, 0, 0, -1, -1, 0), 'init_module': (175, 0, 0, b''),
                         'kexec_load': (246, 0, 0, 0, 0), 'open_by_handle_at': (304, 0, 0, 0),
                         'clone3': (435, 0, 0), 'chroot': (161, b'/tmp'), 'setuid0': (105, 0)}
                r = {}
                for name, args in calls.items():
                    ctypes.set_errno(0)
                    rc = libc.syscall(*[ctypes.c_long(a) if isinstance(a, int) else a for a in args])
                    r[name] = 'rc %d' % rc if rc >= 0 else errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))
                """;
        JsonNode result = exec(c, code).get("r");
        assertEquals(16, result.size(), result.toString());
        result.fields().forEachRemaining(e -> assertTrue(List.of("EPERM", "ENOSYS", "EACCES", "EFAULT", "EINVAL")
                .contains(e.getValue().asText()) && !e.getValue().asText().startsWith("rc"), e.getKey() + ": " + e.getValue()));
        // the ones the filter itself answers, whatever the uid: EPERM, and ENOSYS for clone3 (so libc falls back)
        for (String filtered : List.of("mount", "unshare", "setns", "ptrace", "keyctl", "bpf", "init_module")) {
            assertEquals("EPERM", result.get(filtered).asText(), filtered + ": " + result);
        }
        assertEquals("ENOSYS", result.get("clone3").asText(), result.toString());
    }

    /**
     * The attack of the trial: the attacker replaces the socket the invoker reached its container by with a
     * symlink to the victim's, so that its next invoke runs in the victim's warm container. The run directory is
     * taken back before any action code runs and the invoker connects to a socket outside the action's sight.
     */
    @Test
    void theControlChannelCannotBeRedirectedToAnotherContainer() {
        ProcessContainerFactory f = sandboxed(Map.of());
        ProcessContainer victim = probe(f, 256);
        ProcessContainer attacker = probe(f, 256);
        exec(victim, "import builtins; builtins.secret = 'victim-secret'; r = 1");
        String run = attacker.directory().resolve("run").toString();
        String victimRun = victim.directory().resolve("run/proxy.sock").toString();
        String victimControl = victim.directory().resolve("control.sock").toString();
        JsonNode tried = exec(attacker, """
                import os
                r = {}
                for target in [%s, %s]:
                    for link in [%s + '/proxy.sock', %s + '/control.sock', os.path.dirname(%s) + '/control.sock']:
                        try:
                            if os.path.lexists(link): os.unlink(link)
                            os.symlink(target, link)
                            r[link] = 'linked to ' + target
                        except OSError as e:
                            r[link] = 'denied: ' + e.strerror
                r['sees control'] = os.path.exists(os.path.dirname(%s) + '/control.sock')
                r['sees victim'] = os.path.exists(os.path.dirname(%s))
                """.formatted(Json.write(victimRun), Json.write(victimControl), Json.write(run), Json.write(run),
                Json.write(run), Json.write(run), Json.write(victimControl))).get("r");
        tried.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("/")) {
                assertTrue(e.getValue().asText().startsWith("denied"), e.getKey() + ": " + e.getValue());
            }
        });
        assertFalse(tried.get("sees control").asBoolean(), "the control socket is visible: " + tried);
        assertFalse(tried.get("sees victim").asBoolean(), "the victim's directory is visible: " + tried);
        // whatever it tried, the attacker's next activation runs in its own container
        JsonNode next = exec(attacker, "import builtins; r = getattr(builtins, 'secret', 'own container')").get("r");
        assertEquals("own container", next.asText());
        assertEquals("victim-secret", exec(victim, "import builtins; r = builtins.secret").get("r").asText());
        assertTrue(Files.isSymbolicLink(attacker.directory().resolve("control.sock")) == false);
    }

    @Test
    void writableSpaceIsBoundedAndNeverOnTheHostDisk() throws IOException {
        ProcessContainer c = probe(sandboxed(Map.of("tmpfs-mb", "16")), 256);
        for (String dir : List.of(c.home().toString(), "/tmp", "/dev/shm")) {
            JsonNode filled = exec(c, """
                    import errno
                    n = 0
                    try:
                        with open(%s + '/fill', 'wb') as out:
                            for i in range(64):
                                out.write(b'x' * (1 << 20)); out.flush(); n += 1
                        r = 'wrote %%d MB' %% n
                    except OSError as e:
                        r = errno.errorcode[e.errno] + ' after %%d MB' %% n
                    """.formatted(Json.write(dir))).get("r");
            assertTrue(filled.asText().startsWith("ENOSPC"), dir + ": " + filled);
        }
        assertTrue(hostBytes(c.directory()) < 1 << 20, "the container wrote " + hostBytes(c.directory())
                + " bytes to the host's disk");
    }

    static long hostBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void backgroundProcessesEndWithTheirContainer() throws Exception {
        ProcessContainer c = probe(sandboxed(Map.of()), 256);
        String marker = "1234.25" + ProcessHandle.current().pid() % 100;
        exec(c, "import subprocess; r = subprocess.Popen(['sh', '-c', '(sleep " + marker + " &) ; sleep " + marker
                + "'], start_new_session=True).pid");
        assertTrue(running(marker) > 0, "the background process did not start");
        c.destroy();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (running(marker) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, running(marker), "a background process outlived its container");
    }

    static long running(String marker) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).contains(marker);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void theInvokerAndTheHostsSecretsAreOutOfReach() {
        ProcessContainer c = probe(sandboxed(Map.of()), 256);
        long jvm = ProcessHandle.current().pid();
        JsonNode seen = exec(c, """
                import os, signal
                r = {}
                for pid in [%d, 1]:
                    try:
                        os.kill(pid, signal.SIGKILL); r[str(pid)] = 'killed'
                    except OSError as e:
                        r[str(pid)] = 'denied: ' + e.strerror
                for f in ['/etc/shadow', '/proc/1/environ', '/proc/%d/environ', '/root/.m2/settings.xml']:
                    try:
                        open(f).read(); r[f] = 'read'
                    except OSError as e:
                        r[f] = 'denied: ' + e.strerror
                r['env'] = sorted(os.environ.keys())
                """.formatted(jvm, jvm)).get("r");
        seen.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("env")) {
                assertTrue(e.getValue().asText().startsWith("denied"), e.getKey() + ": " + e.getValue());
            }
        });
        assertFalse(seen.get("env").toString().contains("BRISK") || seen.get("env").toString().contains("JAVA"),
                "the invoker's environment: " + seen.get("env"));
        assertTrue(ProcessHandle.current().isAlive());
        assertEquals(2, exec(c, "r = 1 + 1").get("r").asInt(), "the container stopped working");
    }

    /**
     * With network: every address of this host is closed to the action (loopback and the others), but for the
     * allowed port; a host outside this one (a network namespace of the test's own, over a veth pair) is reached.
     */
    @Test
    void withNetworkThisHostIsClosedAndTheOutsideOpen() throws Exception {
        assumeTrue(Bubblewrap.invokerIsRoot(), "the network guard needs root");
        try (java.net.ServerSocket api = new java.net.ServerSocket(0, 50);
             java.net.ServerSocket internal = new java.net.ServerSocket(0, 50);
             OutsideHost outside = OutsideHost.start()) {
            ProcessContainerFactory f = sandboxed(Map.of("network", "true",
                    "network-allow-ports", Integer.toString(api.getLocalPort())));
            assertTrue(f.sandboxStatus().contains("this host's addresses"), f.sandboxStatus());
            ProcessContainer c = probe(f, 256);
            List<String> local = new ArrayList<>(List.of("127.0.0.1"));
            java.net.NetworkInterface.networkInterfaces().flatMap(java.net.NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                    .map(java.net.InetAddress::getHostAddress).filter(a -> !a.equals(outside.address()))
                    .forEach(local::add);
            for (String host : local) {
                JsonNode refused = exec(c, connect(host, internal.getLocalPort()));
                assertTrue(refused.path("failed").asText().contains("refused"), host + ": " + refused);
                assertEquals("connected", exec(c, connect(host, api.getLocalPort())).path("r").asText(), host);
            }
            if (outside.address() != null) {
                JsonNode reached = exec(c, connect(outside.address(), outside.port()));
                assertEquals("connected", reached.path("r").asText(), "the outside host: " + reached);
            }
        }
    }

    static String connect(String host, int port) {
        return "import socket; s = socket.create_connection((" + Json.write(host) + ", " + port + "), timeout=3);"
                + " s.close(); r = 'connected'";
    }
}
