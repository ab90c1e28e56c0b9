package dev.brisk.container.docker;

import dev.brisk.core.entity.RuntimeKind;
import org.junit.jupiter.api.Test;

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
