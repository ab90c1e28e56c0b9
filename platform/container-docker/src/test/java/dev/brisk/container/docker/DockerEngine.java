package dev.brisk.container.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** What the Docker tests share: the engine (skipped with the reason when none answers) and the runtime images. */
final class DockerEngine {
    static final String HOST = System.getProperty("brisk.test.docker-host", DockerSettings.DEFAULT_HOST);
    static final String NODEJS = System.getProperty("brisk.test.image.nodejs", "brisk/action-nodejs:dev");
    static final String PYTHON = System.getProperty("brisk.test.image.python", "brisk/action-python:dev");
    static final String JAVA = System.getProperty("brisk.test.image.java", "brisk/action-java:dev");

    private DockerEngine() {
    }

    private static volatile String unavailable;
    private static volatile boolean probed;

    /** Why the tests cannot run here (no engine answers), or null when they can; asked once per JVM. */
    static synchronized String unavailable() {
        if (!probed) {
            probed = true;
            try (DockerContainerFactory probe = new DockerContainerFactory(Map.of("docker-host", HOST))) {
                probe.docker().pingCmd().exec();
            } catch (RuntimeException e) {
                unavailable = "no Docker engine answers at " + HOST + " (" + e.getMessage()
                        + "): start one (dockerd) and build the images (ci/build-images)";
                System.err.println("[docker tests skipped] " + unavailable);
            }
        }
        return unavailable;
    }

    /** In a @BeforeEach: skips the test, with the reason, when no engine answers. */
    static void assumeEngine() {
        String reason = unavailable();
        Assumptions.assumeTrue(reason == null, reason);
    }

    /** A factory on the test engine with our images and an invoker id of its own; null when no engine answers. */
    static DockerContainerFactory factoryOrNull(String invokerId) {
        return unavailable() == null ? factory(invokerId, Map.of()) : null;
    }

    /** A factory on the test engine with our images and an invoker id of its own; skips when no engine answers. */
    static DockerContainerFactory factory(String invokerId, Map<String, String> more) {
        assumeEngine();
        Map<String, String> settings = new HashMap<>(Map.of("docker-host", HOST, "invoker-id", invokerId,
                "pull", "never", "image.nodejs", NODEJS, "image.python", PYTHON, "image.java", JAVA));
        settings.putAll(more);
        DockerContainerFactory factory = new DockerContainerFactory(settings);
        try {
            factory.docker().pingCmd().exec();
        } catch (RuntimeException e) {
            factory.close();
            Assumptions.abort("no Docker engine answers at " + HOST + " (" + e.getMessage()
                    + "): start one (dockerd) and build the images (ci/build-images)");
        }
        return factory;
    }

    static String invokerId(String test) {
        return "test-" + test + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Fails (not skips) when the engine runs but lacks an image: ci/build-images builds them. */
    static void requireImage(DockerContainerFactory factory, String image) {
        try {
            factory.docker().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            Assertions.fail("image " + image + " is not on the engine: run ci/build-images");
        }
    }

    static ContainerSpec spec(String kind, int memoryMb) {
        return new ContainerSpec("test", RuntimeManifest.standard().resolve(kind).orElseThrow(), memoryMb, Map.of());
    }

    static ObjectNode init(String code) {
        ObjectNode body = Json.object();
        body.putObject("value").put("name", "test").put("main", "main").put("code", code).put("binary", false);
        return body;
    }

    static ObjectNode run(ObjectNode value) {
        ObjectNode body = Json.object();
        body.set("value", value);
        body.put("activation_id", "0123456789abcdef0123456789abcdef");
        body.put("namespace", "guest");
        body.put("action_name", "/guest/test");
        body.put("deadline", Long.toString(System.currentTimeMillis() + 60_000));
        return body;
    }
}
