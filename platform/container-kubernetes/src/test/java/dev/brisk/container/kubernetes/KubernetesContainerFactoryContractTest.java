package dev.brisk.container.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerFactoryContract;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes factory passes the container factory contract against fabric8's mock API server (CRUD mode) with
 * real action proxies behind the pods: the kubelet stand-in ({@link #kubelet()}) starts brisk-runtimes' Node.js
 * proxy for each new pod in TCP mode, on a loopback address of the pod's own (127.0.0.2, 127.0.0.3, ..., its
 * {@code status.podIP}) at the factory's port, marks the pod Ready once the proxy accepts connections, and kills the
 * proxy when the pod is deleted. Logs come back through the inline-logs extension: the mock has no pod logs.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesContainerFactoryContractTest extends ContainerFactoryContract {
    static final String NS = "brisk-contract";
    /** The proxy's port in every pod, as in a runtime image; another one if 8080 is taken on this machine. */
    static final int PORT = port();

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static Path work;
    private static Path proxyJs;
    private static KubernetesContainerFactory factory;
    private static Thread kubelet;
    private static final AtomicBoolean running = new AtomicBoolean();
    private static final AtomicInteger nextHost = new AtomicInteger(2);
    /** Pods the kubelet has taken on, and the proxy process of each that got one. */
    private static final Set<String> seen = ConcurrentHashMap.newKeySet();
    private static final Map<String, Process> proxies = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        work = Files.createTempDirectory("brisk-k8s-contract");
        proxyJs = work.resolve("proxy.js");
        try (InputStream in = KubernetesContainerFactoryContractTest.class.getClassLoader()
                .getResourceAsStream("dev/brisk/runtimes/nodejs/proxy.js")) {
            if (in == null) {
                throw new IllegalStateException("proxy.js of brisk-runtimes is not on the test class path");
            }
            Files.copy(in, proxyJs);
        }
        running.set(true);
        kubelet = Thread.ofVirtual().name("kubelet").start(KubernetesContainerFactoryContractTest::kubelet);
        factory = new KubernetesContainerFactory(Map.of("namespace", NS, "invoker-id", "3", "port", Integer.toString(PORT),
                "ready-poll-ms", "20", "ready-timeout-ms", "15000", "log-wait-ms", "200", "log-poll-ms", "20"), client);
    }

    @AfterAll
    static void stop() throws Exception {
        factory.close();
        running.set(false);
        kubelet.join();
        proxies.keySet().forEach(KubernetesContainerFactoryContractTest::kill);
        client.pods().inNamespace(NS).delete();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    protected ContainerFactory factory() {
        return factory;
    }

    @Override
    protected ContainerSpec spec() {
        return new ContainerSpec("contract", RuntimeManifest.standard().resolve("nodejs:default").orElseThrow(), 256,
                Map.of("__OW_API_HOST", "https://api.example:31001"));
    }

    private static ObjectNode init(String code) {
        ObjectNode body = Json.object();
        body.putObject("value").put("name", "contract").put("main", "main").put("code", code).put("binary", false);
        return body;
    }

    @Override
    protected ObjectNode echoInit() {
        return init("function main(p) { console.log('hello'); return p; }");
    }

    @Override
    protected ObjectNode sleepInit(long millis) {
        return init("function main() { return new Promise(r => setTimeout(() => r({}), " + millis + ")); }");
    }

    @Override
    protected ObjectNode chattyInit() {
        return init("function main(p) { for (let i = 0; i < p.lines; i++) { const t = (i % 2 ? 'err ' : 'out ') + i + ' ';"
                + " const line = t + 'x'.repeat(Math.max(0, p.size - t.length));"
                + " if (i % 2) console.error(line); else console.log(line); } return {}; }");
    }

    /** Beyond the contract: the pods really are separate proxies on addresses of their own, gone with the pod. */
    @Test
    void eachPodIsARealProxyOnItsOwnAddressUntilDeleted() throws Exception {
        KubernetesContainer a = (KubernetesContainer) factory.create(spec());
        KubernetesContainer b = (KubernetesContainer) factory.create(spec());
        try {
            for (KubernetesContainer c : List.of(a, b)) {
                String podIp = client.pods().inNamespace(NS).withName(c.id()).get().getStatus().getPodIP();
                assertTrue(podIp.matches("127\\.0\\.0\\.([2-9]|[1-9]\\d+)"), podIp);
                assertEquals(URI.create("http://" + podIp + ":" + PORT), c.address());
            }
            assertNotEquals(a.address(), b.address());
            assertTrue(a.init(echoInit(), Duration.ofSeconds(10)).ok());
            ObjectNode run = Json.object();
            run.putObject("value").put("n", 1);
            assertEquals(1, Json.parse(a.run(run, Duration.ofSeconds(10)).body()).path("n").asInt());
            List<String> lines = a.logs(1 << 20, true).lines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+Z\\s+stdout: hello$"), lines.get(0));

            Process proxy = proxies.get(a.id());
            assertNotNull(proxy, "a proxy runs for " + a.id());
            a.destroy();
            proxy.onExit().get(5, TimeUnit.SECONDS);
            try (Socket probe = new Socket()) {
                assertThrows(IOException.class, () -> probe.connect(
                        new InetSocketAddress(a.address().getHost(), PORT), 500), "the deleted pod's proxy is gone");
            }
            assertTrue(b.init(echoInit(), Duration.ofSeconds(10)).ok(), "the other pod is untouched");
        } finally {
            a.destroy();
            b.destroy();
        }
    }

    /** 8080 when nothing listens there on any address (SO_REUSEADDR off: a listener on 127.0.0.N counts), else a free port. */
    private static int port() {
        for (int candidate : new int[]{8080, 0}) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(false);
                probe.bind(new InetSocketAddress(candidate));
                return probe.getLocalPort();
            } catch (IOException e) {
                // taken: try the next
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** Plays the kubelet: starts a proxy for each new pod, kills the proxies of deleted pods. */
    private static void kubelet() {
        while (running.get()) {
            try {
                Set<String> present = new HashSet<>();
                for (Pod pod : client.pods().inNamespace(NS).list().getItems()) {
                    String name = pod.getMetadata().getName();
                    present.add(name);
                    if (seen.add(name)) {
                        Thread.ofVirtual().name("pod-" + name).start(() -> boot(pod));
                    }
                }
                for (String name : Set.copyOf(proxies.keySet())) {
                    if (!present.contains(name)) {
                        kill(name);
                    }
                }
            } catch (RuntimeException e) {
                // the mock server is going away
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs the pod's container: the Node.js proxy on the pod's own loopback address; Ready once it accepts. */
    private static void boot(Pod pod) {
        String name = pod.getMetadata().getName();
        String ip = "127.0.0." + nextHost.getAndIncrement();
        try {
            Path dir = Files.createDirectories(work.resolve(name));
            ProcessBuilder pb = new ProcessBuilder("node", proxyJs.toString()).directory(dir.toFile())
                    .redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(dir.resolve("stderr.log").toFile());
            pb.environment().remove("__OW_PROXY_SOCKET");
            for (EnvVar env : pod.getSpec().getContainers().get(0).getEnv()) {
                pb.environment().put(env.getName(), env.getValue() == null ? "" : env.getValue());
            }
            pb.environment().put("PORT", Integer.toString(PORT));
            pb.environment().put("__OW_PROXY_HOST", ip);
            Process process = pb.start();
            proxies.put(name, process); // from here on, deleting the pod kills it
            long deadline = System.nanoTime() + 10_000_000_000L;
            boolean accepting = false;
            while (!accepting && process.isAlive() && System.nanoTime() < deadline) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(ip, PORT), 200);
                    accepting = true;
                } catch (IOException e) {
                    Thread.sleep(10);
                }
            }
            var status = accepting
                    ? new PodStatusBuilder().withPhase("Running").withPodIP(ip).withConditions(
                            new PodConditionBuilder().withType("Ready").withStatus("True").build())
                    : new PodStatusBuilder().withPhase("Failed").withMessage("the proxy did not listen on " + ip + ":"
                            + PORT + ": " + Files.readString(dir.resolve("stderr.log")).strip());
            pod.setStatus(status.build());
            client.pods().inNamespace(NS).resource(pod).updateStatus();
        } catch (Exception e) {
            kill(name); // deleted meanwhile, or the proxy could not start
        }
    }

    private static void kill(String name) {
        Process process = proxies.remove(name);
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
