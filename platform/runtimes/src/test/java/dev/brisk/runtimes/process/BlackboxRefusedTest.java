package dev.brisk.runtimes.process;

import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.entity.RuntimeKind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Processes cannot run a Docker image: a blackbox action gets an error that says so and what would run it. */
class BlackboxRefusedTest {
    @Test
    void blackboxSpecIsRefusedWithTheReason() {
        RuntimeKind blackbox = new RuntimeKind("blackbox", "blackbox", false, "openwhisk/dockerskeleton", false);
        try (var factory = new ProcessContainerFactoryProvider().create(Map.of("sandbox", "none"))) {
            ContainerException e = assertThrows(ContainerException.class, () -> factory.create(
                    new ContainerSpec("bb", blackbox, 256, Map.of(), "openwhisk/dockerskeleton")));
            assertTrue(e.getMessage().contains("blackbox") && e.getMessage().contains("docker"), e.getMessage());
        }
    }
}
