package dev.brisk.container.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.google.gson.JsonObject;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static dev.brisk.container.docker.DockerEngine.init;
import static dev.brisk.container.docker.DockerEngine.run;
import static dev.brisk.container.docker.DockerEngine.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Docker factory's action containers against an attacker's code, on a real engine: no capabilities, no
 * privileges to gain, the default seccomp profile, a read-only root, bounded tmpfs as the only writable places, an
 * unprivileged user, bounded processes, nothing of the host mounted, the bridge network. Each of Brisk's runtime
 * images (nodejs, python, java) serves its actions so confined, with no capability added back.
 */
@Tag("docker")
class DockerHardeningTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long TMPFS = 16L << 20;
    /** Runs the snippet in args['code'] and returns what it assigned to r. */
    private static final String PROBE = """
            import os
            def main(args):
                g = {'os': os, 'args': args}
                try:
                    exec(args['code'], g)
                    return {'r': g.get('r')}
                except Exception as ex:
                    return {'failed': type(ex).__name__ + ': ' + str(ex)}
            """;
    /** What each runtime reports of itself: /proc/self/status, its directories, and writes to four places. */
    private static final List<String> WRITES = List.of("/planted", "/usr/planted", "/tmp/planted", "/home/action/planted");
    private static final String NODE_STATUS = """
            function main() {
              const fs = require('fs');
              const status = {};
              for (const l of fs.readFileSync('/proc/self/status', 'utf8').split('\\n')) {
                const i = l.indexOf(':\\t'); if (i > 0) status[l.slice(0, i)] = l.slice(i + 2).trim();
              }
              const writes = {};
              for (const p of %s) {
                try { fs.writeFileSync(p, 'x'); writes[p] = 'written'; } catch (e) { writes[p] = e.code; }
              }
              return {status, writes, cwd: process.cwd(), home: process.env.HOME};
            }""".formatted(Json.write(WRITES));
    private static final String PYTHON_STATUS = """
            import os, errno
            def main(args):
                status = dict((k, v.strip()) for k, v in (l.split(':\\t', 1) for l in open('/proc/self/status').read().splitlines() if ':\\t' in l))
                writes = {}
                for p in %s:
                    try:
                        open(p, 'w').write('x'); writes[p] = 'written'
                    except OSError as e:
                        writes[p] = errno.errorcode[e.errno]
                return {'status': status, 'writes': writes, 'cwd': os.getcwd(), 'home': os.environ.get('HOME')}
            """.formatted(Json.write(WRITES));
    private static final String JAVA_STATUS = """
            package action;
            import com.google.gson.*;
            import java.nio.file.*;
            public class Main {
              public static JsonObject main(JsonObject args) throws Exception {
                JsonObject status = new JsonObject();
                for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                  int i = l.indexOf(":\\t");
                  if (i > 0) status.addProperty(l.substring(0, i), l.substring(i + 2).trim());
                }
                JsonObject writes = new JsonObject();
                for (String p : new String[]{%s}) {
                  try { Files.writeString(Path.of(p), "x"); writes.addProperty(p, "written"); }
                  catch (java.nio.file.FileSystemException e) {
                    String reason = e.getReason() == null ? e.toString() : e.getReason();
                    writes.addProperty(p, reason.contains("Read-only") ? "EROFS" : reason.contains("denied") ? "EACCES" : reason);
                  }
                }
                JsonObject r = new JsonObject();
                r.add("status", status);
                r.add("writes", writes);
                r.addProperty("cwd", System.getProperty("user.dir"));
                r.addProperty("home", System.getenv("HOME"));
                return r;
              }
            }""".formatted(String.join(", ", WRITES.stream().map(p -> "\"" + p + "\"").toList()));
    private static DockerContainerFactory factory;

    @BeforeAll
    static void startFactory() {
        factory = DockerEngine.unavailable() == null
                ? DockerEngine.factory(DockerEngine.invokerId("hardening"), Map.of("tmpfs-mb", "16")) : null;
    }

    @BeforeEach
    void engineAndImage() {
        DockerEngine.assumeEngine();
        DockerEngine.requireImage(factory, DockerEngine.PYTHON);
    }

    @AfterAll
    static void stopFactory() {
        if (factory != null) {
            factory.close();
        }
    }

    private static Container probe(DockerContainerFactory f) {
        Container c = f.create(spec("python:default", 256));
        RuntimeResponse init = c.init(init(PROBE), TIMEOUT);
        assertEquals(200, init.status(), init.body());
        return c;
    }

    private static JsonNode exec(Container c, String code) {
        RuntimeResponse r = c.run(run(Json.object().put("code", code)), TIMEOUT);
        assertEquals(200, r.status(), r.body());
        return Json.parse(r.body());
    }

    private static InspectContainerResponse inspect(DockerContainerFactory f, Container c) {
        return f.docker().inspectContainerCmd(((DockerContainer) c).dockerId()).exec();
    }

    @Test
    void theEngineIsAskedForEveryBound() {
        Container c = probe(factory);
        try {
            InspectContainerResponse info = inspect(factory, c);
            HostConfig host = info.getHostConfig();
            assertEquals(List.of(Capability.ALL), Arrays.asList(host.getCapDrop()));
            assertTrue(host.getCapAdd() == null || host.getCapAdd().length == 0, "capabilities added");
            // no-new-privileges and nothing else: no seccomp=unconfined, no apparmor=unconfined, no custom profile
            assertEquals(List.of("no-new-privileges"), host.getSecurityOpts());
            assertTrue(host.getReadonlyRootfs(), "the root file system is writable");
            assertEquals(Map.of("/tmp", "rw,exec,nosuid,nodev,size=16777216,mode=1777",
                    "/home/action", "rw,exec,nosuid,nodev,size=16777216,uid=65534,gid=65534,mode=0700"), host.getTmpFs());
            assertEquals(TMPFS, host.getShmSize(), "--shm-size");
            assertEquals(256L, host.getPidsLimit(), "--pids-limit default");
            assertEquals("bridge", host.getNetworkMode(), "the engine's bridge, never host or container:<id>");
            assertTrue(host.getBinds() == null || host.getBinds().length == 0, "host paths mounted");
            assertTrue(host.getMounts() == null || host.getMounts().isEmpty(), "mounts: " + host.getMounts());
            assertTrue(host.getDevices() == null || host.getDevices().length == 0, "devices");
            assertTrue(info.getMounts() == null || info.getMounts().stream().noneMatch(m -> m.getSource() != null
                    && m.getSource().contains("docker.sock")), "the engine socket is mounted");
            assertNull(Boolean.TRUE.equals(host.getPrivileged()) ? "privileged" : null);
            assertFalse("host".equals(host.getPidMode()) || "host".equals(host.getIpcMode()), "host pid/ipc namespace");
            assertEquals("65534:65534", info.getConfig().getUser());
            assertEquals("/home/action", info.getConfig().getWorkingDir());
            String described = factory.describe();
            assertTrue(described.contains("--cap-drop ALL, no-new-privileges, the engine's default seccomp profile,"
                    + " --pids-limit 256; runtime images --read-only as --user 65534:65534"), described);
        } finally {
            c.destroy();
        }
    }

    @Test
    void insideTheActionHasNothingToEscalateWith() {
        Container c = probe(factory);
        try {
            JsonNode status = exec(c, "r = dict(l.split(':\\t', 1) for l in open('/proc/self/status').read().splitlines()"
                    + " if ':\\t' in l)").get("r");
            for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
                assertEquals("0000000000000000", status.path(set).asText().trim(), set + ": " + status);
            }
            assertEquals("1", status.path("NoNewPrivs").asText().trim(), status.toString());
            assertEquals("2", status.path("Seccomp").asText().trim(), "the default seccomp profile: " + status);
            assertTrue(status.path("Uid").asText().startsWith("65534"), "uid: " + status.path("Uid"));
            JsonNode mount = exec(c, "import ctypes, errno; libc = ctypes.CDLL(None, use_errno=True);"
                    + " rc = libc.mount(b'none', b'/usr', None, 0x20 | 0x1000, None);"
                    + " r = [rc, errno.errorcode.get(ctypes.get_errno())]").get("r");
            assertEquals(-1, mount.get(0).asInt(), "mount: " + mount);
            assertEquals("EPERM", mount.get(1).asText(), "mount: " + mount);
            JsonNode tmpfs = exec(c, "import ctypes, errno; libc = ctypes.CDLL(None, use_errno=True);"
                    + " rc = libc.mount(b'none', b'/tmp', b'tmpfs', 0, b'size=1g');"
                    + " r = [rc, errno.errorcode.get(ctypes.get_errno())]").get("r");
            assertEquals("EPERM", tmpfs.get(1).asText(), "mount a new tmpfs: " + tmpfs);
        } finally {
            c.destroy();
        }
    }

    @Test
    void onlyBoundedTmpfsIsWritable() {
        Container c = probe(factory);
        try {
            for (String path : List.of("/usr/bin/planted", "/planted", "/usr/planted", "/action/planted", "/etc/planted",
                    "/var/planted")) {
                JsonNode r = exec(c, "import errno\ntry:\n    open(" + Json.write(path) + ", 'w').write('x'); r = 'written'\n"
                        + "except OSError as e:\n    r = errno.errorcode[e.errno]\n").get("r");
                // EROFS, not EACCES: the file system itself refuses, whoever the writer is
                assertEquals("EROFS", r.asText(), path);
            }
            for (String dir : List.of("/tmp", "/home/action", "/dev/shm")) {
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
                assertTrue(filled.asText().matches("ENOSPC after 1[56] MB"), dir + ": " + filled);
            }
            assertEquals("/home/action", exec(c, "r = os.getcwd()").get("r").asText());
            assertEquals("/home/action", exec(c, "r = os.environ['HOME']").get("r").asText());
        } finally {
            c.destroy();
        }
    }

    @Test
    void thePidsLimitHolds() {
        Container c = probe(factory);
        try {
            // threads count against --pids-limit as processes do: start sleeping ones until the kernel refuses
            JsonNode r = exec(c, """
                    import threading, errno
                    stop = threading.Event()
                    started = []
                    refused = None
                    for i in range(1000):
                        t = threading.Thread(target=stop.wait, daemon=True)
                        try:
                            t.start(); started.append(t)
                        except RuntimeError as e:
                            refused = str(e); break
                    try:
                        pid = os.fork()
                        if pid == 0:
                            os._exit(0)
                        os.waitpid(pid, 0); fork = 'forked'
                    except OSError as e:
                        fork = errno.errorcode[e.errno]
                    tasks = len(os.listdir('/proc/self/task'))
                    stop.set()
                    for t in started:
                        t.join()
                    r = {'threads': len(started), 'refused': refused, 'fork': fork, 'tasks': tasks}
                    """).get("r");
            System.out.println("[hardening] pids-limit 256: " + r);
            assertFalse(r.path("refused").isNull(), "no thread was refused: " + r);
            assertEquals("EAGAIN", r.path("fork").asText(), "fork at the limit: " + r);
            assertTrue(r.path("tasks").asInt() <= 256 && r.path("tasks").asInt() > 200, "tasks at the limit: " + r);
            // and the container recovers once they are gone
            assertEquals("forked", exec(c, "pid = os.fork()\nif pid == 0:\n    os._exit(0)\nos.waitpid(pid, 0)\nr = 'forked'")
                    .get("r").asText());
        } finally {
            c.destroy();
        }
    }

    /** Each runtime image runs its actions with no capability, no privilege, seccomp, as nobody, on a read-only root. */
    @ParameterizedTest
    @ValueSource(strings = {"nodejs", "python", "java"})
    void everyRuntimeImageServesItsActionsConfined(String family) {
        DockerEngine.requireImage(factory, switch (family) {
            case "nodejs" -> DockerEngine.NODEJS;
            case "python" -> DockerEngine.PYTHON;
            default -> DockerEngine.JAVA;
        });
        Container c = factory.create(spec(family + ":default", 256));
        try {
            ObjectNode body = switch (family) {
                case "nodejs" -> init(NODE_STATUS);
                case "python" -> init(PYTHON_STATUS);
                default -> javaInit(JAVA_STATUS);
            };
            RuntimeResponse initialized = c.init(body, TIMEOUT);
            assertEquals(200, initialized.status(), family + " /init: " + initialized.body());
            RuntimeResponse ran = c.run(run(Json.object()), TIMEOUT);
            assertEquals(200, ran.status(), family + " /run: " + ran.body());
            JsonNode r = Json.parse(ran.body());
            JsonNode status = r.path("status");
            System.out.printf("[hardening] %s: CapEff %s CapBnd %s NoNewPrivs %s Seccomp %s Uid %s Threads %s writes %s cwd %s%n",
                    family, status.path("CapEff").asText(), status.path("CapBnd").asText(),
                    status.path("NoNewPrivs").asText(), status.path("Seccomp").asText(), status.path("Uid").asText(),
                    status.path("Threads").asText(), r.path("writes"), r.path("cwd").asText());
            for (String set : List.of("CapPrm", "CapEff", "CapBnd", "CapAmb")) {
                assertEquals("0000000000000000", status.path(set).asText(), family + " " + set);
            }
            assertEquals("1", status.path("NoNewPrivs").asText(), family);
            assertEquals("2", status.path("Seccomp").asText(), family);
            assertTrue(status.path("Uid").asText().matches("65534\\s+65534\\s+65534\\s+65534"), family + " " + status.path("Uid"));
            assertEquals("EROFS", r.path("writes").path("/planted").asText(), family);
            assertEquals("EROFS", r.path("writes").path("/usr/planted").asText(), family);
            assertEquals("written", r.path("writes").path("/tmp/planted").asText(), family);
            assertEquals("written", r.path("writes").path("/home/action/planted").asText(), family);
            assertEquals("/home/action", r.path("cwd").asText(), family);
            assertEquals("/home/action", r.path("home").asText(), family);
        } finally {
            c.destroy();
        }
    }

    /** Given back with cap-add, a capability reaches a root user's effective set; nothing else changes. */
    @Test
    void capAddGivesBackOnlyWhatItNames() {
        try (DockerContainerFactory root = DockerEngine.factory(DockerEngine.invokerId("capadd"),
                Map.of("tmpfs-mb", "16", "user", "", "cap-add", "net_bind_service"))) {
            Container c = probe(root);
            try {
                HostConfig host = inspect(root, c).getHostConfig();
                assertEquals(List.of(Capability.NET_BIND_SERVICE), Arrays.asList(host.getCapAdd()));
                assertEquals(List.of(Capability.ALL), Arrays.asList(host.getCapDrop()));
                JsonNode status = exec(c, "r = dict(l.split(':\\t', 1) for l in open('/proc/self/status').read()"
                        + ".splitlines() if ':\\t' in l)").get("r");
                // CAP_NET_BIND_SERVICE is bit 10
                assertEquals("0000000000000400", status.path("CapEff").asText().trim(), status.toString());
                assertEquals("0000000000000400", status.path("CapBnd").asText().trim(), status.toString());
                assertTrue(status.path("Uid").asText().startsWith("0\t"), "the image's user, root: " + status);
                // root without CAP_SYS_ADMIN and CAP_DAC_OVERRIDE: the root file system stays read-only, mount refused
                JsonNode write = exec(c, "import errno\ntry:\n    open('/usr/planted', 'w').write('x'); r = 'written'\n"
                        + "except OSError as e:\n    r = errno.errorcode[e.errno]\n").get("r");
                assertEquals("EROFS", write.asText());
                JsonNode mount = exec(c, "import ctypes, errno; libc = ctypes.CDLL(None, use_errno=True);"
                        + " rc = libc.mount(b'none', b'/usr', None, 0x20 | 0x1000, None);"
                        + " r = errno.errorcode.get(ctypes.get_errno())").get("r");
                assertEquals("EPERM", mount.asText());
            } finally {
                c.destroy();
            }
        }
    }

    /** {@code /init} of a Java action: {@code action.Main} compiled now against Gson, jarred, base64. */
    private static ObjectNode javaInit(String source) {
        try {
            Path dir = Files.createTempDirectory(Path.of("target"), "javac");
            Path file = Files.createDirectories(dir.resolve("src/action")).resolve("Main.java");
            Files.writeString(file, source);
            Path out = Files.createDirectories(dir.resolve("out"));
            Path gson = Path.of(JsonObject.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int rc = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, "--release", "21", "-nowarn",
                    "-cp", gson.toString(), "-d", out.toString(), file.toString());
            assertEquals(0, rc, errors.toString(StandardCharsets.UTF_8));
            ByteArrayOutputStream jar = new ByteArrayOutputStream();
            try (JarOutputStream j = new JarOutputStream(jar); Stream<Path> classes = Files.walk(out)) {
                List<Path> files = new ArrayList<>(classes.filter(Files::isRegularFile).toList());
                for (Path c : files) {
                    j.putNextEntry(new JarEntry(out.relativize(c).toString()));
                    j.write(Files.readAllBytes(c));
                }
            }
            ObjectNode body = Json.object();
            body.putObject("value").put("name", "test").put("main", "action.Main")
                    .put("code", Base64.getEncoder().encodeToString(jar.toByteArray())).put("binary", true);
            return body;
        } catch (IOException | java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
