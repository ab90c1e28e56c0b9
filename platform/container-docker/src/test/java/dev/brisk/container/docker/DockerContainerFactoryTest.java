package dev.brisk.container.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerFactoryProvider;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.LongStream;

import static dev.brisk.container.docker.DockerEngine.init;
import static dev.brisk.container.docker.DockerEngine.run;
import static dev.brisk.container.docker.DockerEngine.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Docker factory adds to the contract: pause/unpause, --memory, labels and cleanup, the other images. */
@Tag("docker")
class DockerContainerFactoryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static DockerContainerFactory factory;

    @BeforeAll
    static void startFactory() {
        factory = DockerEngine.factoryOrNull(DockerEngine.invokerId("factory"));
    }

    @BeforeEach
    void engineAndImage() {
        DockerEngine.assumeEngine();
        DockerEngine.requireImage(factory, DockerEngine.NODEJS);
    }

    @AfterAll
    static void stopFactory() {
        if (factory != null) {
            factory.close();
            try (DockerContainerFactory check = DockerEngine.factory(factory.invokerId(), Map.of())) {
                assertEquals(List.of(), check.labelled(), "close() removes every container the factory started");
            }
        }
    }

    private static InspectContainerResponse inspect(Container c) {
        return factory.docker().inspectContainerCmd(((DockerContainer) c).dockerId()).exec();
    }

    @Test
    void theProviderIsNamedDocker() {
        assertTrue(ServiceLoader.load(ContainerFactoryProvider.class).stream()
                .anyMatch(p -> p.get().name().equals("docker")));
    }

    @Test
    void aContainerGetsItsMemoryACpuShareAndTheInvokersLabel() {
        Container c = factory.create(spec("nodejs:default", 256));
        try {
            InspectContainerResponse info = inspect(c);
            HostConfig host = info.getHostConfig();
            assertEquals(256L * 1024 * 1024, host.getMemory());
            assertEquals(256L * 1024 * 1024, host.getMemorySwap());
            assertEquals(128, host.getCpuShares());
            assertEquals(factory.invokerId(), info.getConfig().getLabels().get(DockerContainerFactory.INVOKER_LABEL));
            assertEquals("nodejs:20", info.getConfig().getLabels().get(DockerContainerFactory.KIND_LABEL));
            assertEquals(DockerEngine.NODEJS, info.getConfig().getImage());
            assertTrue(info.getName().startsWith("/brisk" + factory.invokerId() + "_"), info.getName());
        } finally {
            c.destroy();
        }
        assertFalse(factory.labelled().contains(((DockerContainer) c).dockerId()), "docker rm -f");
    }

    @Test
    void anIdleContainerIsPausedAndResumedStillWarm() {
        Container c = factory.create(spec("nodejs:default", 256));
        try {
            assertTrue(c.init(init("let n = 0; function main(p) { n++; console.log('run ' + n); return {n}; }"), TIMEOUT).ok());
            assertEquals(1, Json.parse(c.run(run(Json.object()), TIMEOUT).body()).path("n").asInt());
            c.logs(1 << 20, true);

            long t0 = System.nanoTime();
            c.suspend();
            long paused = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(inspect(c).getState().getPaused(), "docker pause");
            // frozen: a request is accepted by the kernel but not answered
            RuntimeResponse frozen = c.run(run(Json.object()), Duration.ofMillis(300));
            assertEquals(RuntimeResponse.Failure.TIMEOUT, frozen.failure());

            t0 = System.nanoTime();
            c.resume();
            long resumed = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(inspect(c).getState().getPaused(), "docker unpause");
            RuntimeResponse r = c.run(run(Json.object()), TIMEOUT);
            assertEquals(200, r.status(), r.body());
            // the same process, still initialized: its counter went on (the frozen request ran once unfrozen)
            assertTrue(Json.parse(r.body()).path("n").asInt() >= 2, r.body());
            ActivationLogs logs = c.logs(1 << 20, true);
            assertTrue(logs.lines().stream().anyMatch(l -> l.matches(".*stdout: run \\d")), logs.lines().toString());
            System.out.printf("[timing] docker pause %d ms, docker unpause %d ms%n", paused, resumed);
        } finally {
            c.destroy();
        }
    }

    @Test
    void anActionAllocatingPastItsMemoryLimitIsKilled() {
        Container c = factory.create(spec("nodejs:default", 128));
        try {
            assertTrue(c.init(init("function main() { const a = []; "
                    + "for (let i = 0; i < 40; i++) a.push(Buffer.alloc(16 * 1024 * 1024, 1)); "
                    + "return {allocated: a.length * 16}; }"), TIMEOUT).ok());
            RuntimeResponse r = c.run(run(Json.object()), TIMEOUT);
            assertFalse(r.ok(), "allocated 640 MB within 128 MB: " + r.body());
            assertEquals(RuntimeResponse.Failure.MEMORY_EXHAUSTED, r.failure(), "status " + r.status() + " " + r.body());
            InspectContainerResponse.ContainerState state = inspect(c).getState();
            for (int i = 0; i < 100 && Boolean.TRUE.equals(state.getRunning()); i++) { // the engine learns of it a bit later
                sleep(50);
                state = inspect(c).getState();
            }
            assertTrue(state.getOOMKilled(), "OOM-killed: " + state);
            assertFalse(state.getRunning());
            c.logs(1 << 20, true); // no sentinel: returns, bounded
        } finally {
            c.destroy();
        }
        // the factory keeps serving
        Container next = factory.create(spec("nodejs:default", 128));
        try {
            assertTrue(next.init(init("function main(p) { return p; }"), TIMEOUT).ok());
            assertEquals(200, next.run(run(Json.object().put("ok", true)), TIMEOUT).status());
        } finally {
            next.destroy();
        }
    }

    @Test
    void cleanupRemovesTheLeftoversOfThisInvokerOnly() {
        String invoker = DockerEngine.invokerId("cleanup");
        DockerContainerFactory crashed = DockerEngine.factory(invoker, Map.of());
        DockerContainerFactory other = DockerEngine.factory(DockerEngine.invokerId("other"), Map.of());
        DockerContainerFactory restarted = null;
        try {
            DockerContainer left1 = (DockerContainer) crashed.create(spec("nodejs:default", 128));
            DockerContainer left2 = (DockerContainer) crashed.create(spec("nodejs:default", 128));
            left2.suspend(); // a paused leftover too
            DockerContainer foreign = (DockerContainer) other.create(spec("nodejs:default", 128));
            // the invoker "restarts": a new factory with the same id, the first one never closed
            restarted = DockerEngine.factory(invoker, Map.of());
            DockerContainer fresh = (DockerContainer) restarted.create(spec("nodejs:default", 128));
            assertEquals(3, restarted.labelled().size());

            restarted.cleanup();
            assertEquals(List.of(fresh.dockerId()), restarted.labelled(), "only the live container stays");
            assertTrue(other.labelled().contains(foreign.dockerId()), "another invoker's container is left alone");
            assertNotEquals(left1.dockerId(), left2.dockerId());
        } finally {
            if (restarted != null) {
                restarted.close();
            }
            other.close();
            crashed.close();
        }
    }

    @Test
    void theOtherRuntimeImagesServeTheProtocol() {
        DockerEngine.requireImage(factory, DockerEngine.PYTHON);
        DockerEngine.requireImage(factory, DockerEngine.JAVA);
        Container python = factory.create(spec("python:default", 256));
        try {
            assertTrue(python.init(init("def main(args):\n    print('hello from python')\n    return args\n"), TIMEOUT).ok());
            RuntimeResponse r = python.run(run(Json.object().put("x", 2)), TIMEOUT);
            assertEquals(2, Json.parse(r.body()).path("x").asInt(), r.body());
            assertTrue(python.logs(1 << 20, true).lines().stream().anyMatch(l -> l.endsWith("stdout: hello from python")));
        } finally {
            python.destroy();
        }
        Container java = factory.create(spec("java:default", 256));
        try {
            // the Java proxy runs; before /init it refuses /run as every OpenWhisk runtime does
            RuntimeResponse r = java.run(run(Json.object()), TIMEOUT);
            assertEquals(403, r.status(), r.body());
        } finally {
            java.destroy();
        }
    }

    @Test
    void aMissingImageFailsAtOnceWithPullNever() {
        try (DockerContainerFactory f = DockerEngine.factory(DockerEngine.invokerId("missing"),
                Map.of("image.nodejs", "brisk/no-such-image:none"))) {
            long t0 = System.nanoTime();
            ContainerException e = assertThrows(ContainerException.class, () -> f.create(spec("nodejs:default", 128)));
            assertTrue(e.getMessage().contains("brisk/no-such-image:none"), e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000);
            assertEquals(List.of(), f.labelled());
        }
    }

    @Test
    void timings() {
        int n = 5;
        long[] ready = new long[n], firstOk = new long[n], init = new long[n], runs = new long[n];
        List<Container> started = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Container c = factory.create(spec("nodejs:default", 256));
                started.add(c);
                ready[i] = (System.nanoTime() - t0) / 1_000_000;
                RuntimeResponse ri = c.init(init("function main(p) { return p; }"), TIMEOUT);
                assertTrue(ri.ok());
                firstOk[i] = (System.nanoTime() - t0) / 1_000_000;
                init[i] = ri.millis();
                long t1 = System.nanoTime();
                assertEquals(200, c.run(run(Json.object()), TIMEOUT).status());
                c.logs(1 << 20, true);
                runs[i] = (System.nanoTime() - t1) / 1_000_000;
            }
        } finally {
            started.forEach(Container::destroy);
        }
        System.out.printf("[timing] nodejs, %d containers: create+start+accept (docker run -> port open) %s ms; "
                        + "docker run -> first 200 (/init) %s ms; /init %s ms; warm /run + logs %s ms%n",
                n, stats(ready), stats(firstOk), stats(init), stats(runs));
        assertNull(null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String stats(long[] values) {
        return "min " + LongStream.of(values).min().orElse(0) + " / median "
                + LongStream.of(values).sorted().toArray()[values.length / 2] + " / max "
                + LongStream.of(values).max().orElse(0);
    }
}
