package dev.brisk.container.docker;

import dev.brisk.core.entity.RuntimeKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerSettingsTest {
    private static final RuntimeKind NODE = new RuntimeKind("nodejs:20", "nodejs", true, "openwhisk/action-nodejs-v20", false);
    private static final RuntimeKind PYTHON = new RuntimeKind("python:3", "python", true, "openwhisk/action-python-v3.11", false);

    @Test
    void defaultsAreOpenWhisksImagesOnTheLocalEngine() {
        DockerSettings s = DockerSettings.from(Map.of("invoker-id", "7"));
        assertEquals("openwhisk/action-nodejs-v20", s.image(NODE));
        assertEquals("1.41", s.apiVersion());
        assertEquals("bridge", s.network());
        assertEquals(8080, s.port());
        assertEquals("7", s.invokerId());
        assertTrue(s.pullMissing());
        assertEquals("brisk", s.namePrefix());
    }

    @Test
    void confinementIsOnByDefaultAndEachChoiceIsASetting() {
        DockerSettings s = DockerSettings.from(Map.of());
        assertEquals(256, s.pidsLimit());
        assertEquals("65534:65534", s.user());
        assertTrue(s.readOnlyRoot());
        assertEquals("/home/action", s.home());
        assertEquals(List.of(), s.capAdd());
        assertEquals(256L << 20, s.tmpfsBytes(256), "tmpfs of the action's memory");
        assertEquals(32L << 20, DockerSettings.from(Map.of("tmpfs-mb", "32")).tmpfsBytes(256));

        DockerSettings relaxed = DockerSettings.from(Map.of("pids-limit", "0", "user", "", "read-only-root", "false",
                "cap-add", "net_bind_service, CAP_CHOWN"));
        assertEquals(0, relaxed.pidsLimit());
        assertEquals("", relaxed.user());
        assertEquals("", DockerSettings.from(Map.of("user", "image")).user(), "the image's user, as config can say it");
        assertEquals("1000:1000", DockerSettings.from(Map.of("user", "1000:1000")).user());
        assertFalse(relaxed.readOnlyRoot());
        assertEquals(List.of("NET_BIND_SERVICE", "CHOWN"), relaxed.capAdd());
        assertThrows(IllegalArgumentException.class, () -> DockerSettings.from(Map.of("cap-add", "ALL")));
        assertThrows(IllegalArgumentException.class, () -> DockerSettings.from(Map.of("cap-add", "NO_SUCH_CAP")));
    }

    @Test
    void actionsNeverShareTheHostsOrTheInvokersNetworkNamespace() {
        for (String mode : List.of("host", "HOST", "none", "container:brisk-invoker0", "container:0123abcd")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DockerSettings.from(Map.of("network", mode)), mode);
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
        }
        assertEquals("brisk-actions", DockerSettings.from(Map.of("network", "brisk-actions")).network());
    }

    @Test
    void imagesAreConfiguredPerKindOrFamilyInAnySpelling() {
        DockerSettings s = DockerSettings.from(Map.of(
                "image.nodejs", "brisk/action-nodejs:dev",
                "IMAGE_NODEJS_20", "any-spelling-is-normalized",
                "image-python-3", "brisk/action-python:dev",
                "docker-host", "tcp://127.0.0.1:2375", "pull", "never"));
        // the kind beats the family
        assertEquals("any-spelling-is-normalized", s.image(NODE));
        assertEquals("brisk/action-python:dev", s.image(PYTHON));
        assertEquals("tcp://127.0.0.1:2375", s.dockerHost());
        assertFalse(s.pullMissing());
    }

    @Test
    void cpuSharesFollowTheMemoryAsOpenWhisk() {
        DockerSettings s = DockerSettings.from(Map.of("user-memory-mb", "2048"));
        assertEquals(128, s.cpuShares(256));
        assertEquals(2, s.cpuShares(1));
        assertEquals(1024, s.cpuShares(2048));
        assertEquals(300, DockerSettings.from(Map.of("cpu-shares", "300")).cpuShares(256));
    }

    @Test
    void namesAreValidForTheEngine() {
        assertEquals("guest_hello_world", DockerSettings.clean("guest/hello world", "x"));
        assertEquals("action", DockerSettings.clean("", "action"));
        assertThrows(IllegalArgumentException.class, () -> DockerSettings.from(Map.of("pull", "always")));
    }
}
