package dev.brisk.runtimes.process;

import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.entity.RuntimeManifest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many live containers must not starve virtual threads: their log readers block on pipes, and if they ran on
 * virtual threads they would hold every carrier, so the invoker's activations (virtual threads) would never run.
 */
class ManyContainersTest {
    @Test
    void virtualThreadsStillRunWithManyContainersAlive() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "brisk-many");
        var kind = RuntimeManifest.standard().resolve("nodejs:default").orElseThrow();
        List<Container> containers = new ArrayList<>();
        try (ProcessContainerFactory factory = new ProcessContainerFactory(Map.of("work-dir", dir.toString()))) {
            for (int i = 0; i < 40; i++) {
                containers.add(factory.create(new ContainerSpec("many", kind, 256, Map.of())));
            }
            Container last = containers.get(containers.size() - 1);
            // an activation as the invoker runs it: on a virtual thread
            CompletableFuture<Integer> status = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> status.complete(
                    last.init(ProxyProtocolTest.initBody("function main(p) { return p; }"), Duration.ofSeconds(20)).status()));
            assertEquals(200, status.get(20, TimeUnit.SECONDS));
        } finally {
            containers.forEach(c -> {
                try {
                    c.destroy();
                } catch (RuntimeException ignored) {
                    // already gone
                }
            });
        }
    }
}
