package dev.brisk.container.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.brisk.container.docker.DockerEngine.init;
import static dev.brisk.container.docker.DockerEngine.run;
import static dev.brisk.container.docker.DockerEngine.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Docker factory's action containers against an attacker's code, on a real engine: no capabilities, no
 * privileges to gain, the default seccomp profile, a read-only root, bounded tmpfs as the only writable places, an
 * unprivileged user, bounded processes, nothing of the host mounted.
 */
@Tag("docker")
class DockerHardeningTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
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

    private static Container probe() {
        Container c = factory.create(spec("python:default", 256));
        RuntimeResponse init = c.init(init(PROBE), TIMEOUT);
        assertEquals(200, init.status(), init.body());
        return c;
    }

    private static JsonNode exec(Container c, String code) {
        RuntimeResponse r = c.run(run(Json.object().put("code", code)), TIMEOUT);
        assertEquals(200, r.status(), r.body());
        return Json.parse(r.body());
    }

    @Test
    void theEngineIsAskedForEveryBound() {
        Container c = probe();
        try {
            var info = factory.docker().inspectContainerCmd(((DockerContainer) c).dockerId()).exec();
            HostConfig host = info.getHostConfig();
            assertEquals(List.of(Capability.ALL), Arrays.asList(host.getCapDrop()));
            assertTrue(host.getCapAdd() == null || host.getCapAdd().length == 0, "capabilities added");
            assertEquals(List.of("no-new-privileges"), host.getSecurityOpts());
            assertTrue(host.getReadonlyRootfs(), "the root file system is writable");
            assertEquals(Map.of("/tmp", "rw,exec,nosuid,nodev,size=16777216,mode=1777",
                    "/home/action", "rw,exec,nosuid,nodev,size=16777216,uid=65534,gid=65534,mode=0700"), host.getTmpFs());
            assertTrue(host.getPidsLimit() != null && host.getPidsLimit() > 0, "no pids limit");
            assertTrue(host.getBinds() == null || host.getBinds().length == 0, "host paths mounted");
            assertTrue(info.getMounts() == null || info.getMounts().stream().noneMatch(m -> m.getSource() != null
                    && m.getSource().contains("docker.sock")), "the engine socket is mounted");
            assertNull(host.getPrivileged() != null && host.getPrivileged() ? "privileged" : null);
            assertEquals("65534:65534", info.getConfig().getUser());
        } finally {
            c.destroy();
        }
    }

    @Test
    void insideTheActionHasNothingToEscalateWith() {
        Container c = probe();
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
        } finally {
            c.destroy();
        }
    }

    @Test
    void onlyBoundedTmpfsIsWritable() {
        Container c = probe();
        try {
            for (String path : List.of("/usr/bin/planted", "/planted", "/action/planted", "/etc/planted")) {
                JsonNode r = exec(c, "open(" + Json.write(path) + ", 'w').write('x'); r = 'written'");
                assertTrue(r.has("failed"), path + " was written: " + r);
            }
            for (String dir : List.of("/tmp", "/home/action")) {
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
            assertEquals("/home/action", exec(c, "r = os.getcwd()").get("r").asText());
        } finally {
            c.destroy();
        }
    }
}
