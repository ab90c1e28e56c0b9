package dev.brisk.container.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerFactoryProvider;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.LogSentinel;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.entity.RuntimeKind;
import dev.brisk.core.json.Json;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes factory against fabric8's mock API server in CRUD mode. The mock has no kubelet: a small stand-in
 * ({@link #kubelet}) marks new pods Running and Ready with IP 127.0.0.1 (or a failure, by action name), and
 * {@link StubActionProxy} answers /init and /run on 127.0.0.1 at the port the factory is told the proxy listens on.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesContainerFactoryTest {
    static final String NS = "brisk";
    static final RuntimeKind NODE = new RuntimeKind("nodejs:20", "nodejs", true, "openwhisk/action-nodejs-v20", false);
    static final RuntimeKind PYTHON = new RuntimeKind("python:3.11", "python", true, "openwhisk/action-python-v3.11", false);

    // static: one mock server for the class (starting one per test costs about a second); pods are removed after each
    static KubernetesMockServer server;
    static KubernetesClient client;

    private StubActionProxy proxy;
    private KubernetesContainerFactory factory;
    private Thread kubelet;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile long readyDelayMs;

    @BeforeEach
    void start() throws Exception {
        proxy = new StubActionProxy();
        factory = factory(Map.of());
        kubelet = Thread.ofVirtual().start(this::kubelet);
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        kubelet.join();
        factory.close();
        proxy.close();
        client.pods().inNamespace(NS).delete();
    }

    private KubernetesContainerFactory factory(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("namespace", NS, "invoker-id", "7", "release", "owdev",
                "port", Integer.toString(proxy.port()), "ready-poll-ms", "20", "ready-timeout-ms", "3000",
                "log-wait-ms", "300", "log-poll-ms", "20", "node-selector", "openwhisk-role=invoker",
                "image-nodejs-20", "brisk/action-nodejs:20"));
        settings.putAll(extra);
        return new KubernetesContainerFactory(settings, client);
    }

    /** Plays the kubelet: pods without a status get one, by the action name in their annotation. */
    private void kubelet() {
        while (running.get()) {
            for (Pod pod : client.pods().inNamespace(NS).list().getItems()) {
                if (pod.getStatus() != null && pod.getStatus().getPhase() != null) {
                    continue;
                }
                String action = pod.getMetadata().getAnnotations() == null ? ""
                        : pod.getMetadata().getAnnotations().getOrDefault(KubernetesContainerFactory.ANNOTATION_ACTION, "");
                if (System.currentTimeMillis() - creation(pod) < readyDelayMs || action.contains("never")) {
                    continue;
                }
                var status = new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                        .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build());
                if (action.contains("badimage")) {
                    status = new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                            .withName(KubernetesContainerFactory.CONTAINER_NAME).withState(new ContainerStateBuilder()
                                    .withNewWaiting().withReason("ImagePullBackOff").withMessage("no such image").endWaiting()
                                    .build()).build());
                }
                pod.setStatus(status.build());
                try {
                    client.pods().inNamespace(NS).resource(pod).updateStatus();
                } catch (RuntimeException e) {
                    // deleted meanwhile
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private final Map<String, Long> firstSeen = new java.util.concurrent.ConcurrentHashMap<>();

    private long creation(Pod pod) {
        return firstSeen.computeIfAbsent(pod.getMetadata().getName(), n -> System.currentTimeMillis());
    }

    private static ContainerSpec spec(String name, RuntimeKind kind, int memory) {
        return new ContainerSpec("wsk7_" + name, kind, memory, Map.of("__OW_API_HOST", "https://api.example:31001"));
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private static ObjectNode value(String json) {
        return (ObjectNode) Json.parse("{\"value\":" + json + "}");
    }

    @Test
    void createsOnePodWithTheActionsImageLabelsAndMemory() {
        Container container = factory.create(spec("hello", NODE, 256));
        Pod pod = pod(container.id());
        assertNotNull(pod, "pod " + container.id() + " exists");
        assertTrue(container.id().startsWith("wsk7-hello-"), container.id());
        assertEquals(Map.of("brisk.dev/invoker", "7", "brisk.dev/release", "owdev", "brisk.dev/action-pod", "true"),
                pod.getMetadata().getLabels());
        assertEquals("wsk7_hello", pod.getMetadata().getAnnotations().get("brisk.dev/action"));
        assertEquals("nodejs:20", pod.getMetadata().getAnnotations().get("brisk.dev/kind"));
        var spec = pod.getSpec();
        assertEquals("Never", spec.getRestartPolicy());
        assertFalse(spec.getAutomountServiceAccountToken(), "actions get no API credentials");
        assertEquals(Map.of("openwhisk-role", "invoker"), spec.getNodeSelector());
        var c = spec.getContainers().get(0);
        assertEquals("user-action", c.getName());
        assertEquals("brisk/action-nodejs:20", c.getImage(), "the image setting for the kind wins over the manifest");
        assertEquals(new Quantity("256Mi"), c.getResources().getRequests().get("memory"));
        assertEquals(c.getResources().getRequests(), c.getResources().getLimits(), "requests equal limits");
        assertEquals(proxy.port(), c.getPorts().get(0).getContainerPort());
        assertEquals(proxy.port(), c.getReadinessProbe().getTcpSocket().getPort().getIntVal());
        assertEquals("https://api.example:31001", c.getEnv().stream()
                .filter(e -> e.getName().equals("__OW_API_HOST")).findFirst().orElseThrow().getValue());

        Container python = factory.create(spec("py", PYTHON, 512));
        assertEquals("openwhisk/action-python-v3.11", pod(python.id()).getSpec().getContainers().get(0).getImage(),
                "without a setting, the manifest's image");
        assertEquals(2, factory.livePods().size());
    }

    /** The pod as the API server stored it: every field of the confinement, on pod and container. */
    @Test
    void anActionPodIsConfinedByDefault() {
        Container container = factory.create(spec("hello", NODE, 256));
        var spec = pod(container.id()).getSpec();
        assertFalse(spec.getAutomountServiceAccountToken());
        assertFalse(spec.getEnableServiceLinks());
        assertFalse(spec.getHostNetwork(), "hostNetwork");
        assertFalse(spec.getHostPID(), "hostPID");
        assertFalse(spec.getHostIPC(), "hostIPC");
        assertFalse(spec.getShareProcessNamespace(), "shareProcessNamespace");
        var podContext = spec.getSecurityContext();
        assertTrue(podContext.getRunAsNonRoot());
        assertEquals(65534L, podContext.getRunAsUser());
        assertEquals(65534L, podContext.getRunAsGroup());
        assertEquals(65534L, podContext.getFsGroup());
        assertEquals("RuntimeDefault", podContext.getSeccompProfile().getType());

        var c = spec.getContainers().get(0);
        var context = c.getSecurityContext();
        assertTrue(context.getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
        assertFalse(context.getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
        assertFalse(context.getPrivileged(), "privileged");
        assertEquals(List.of("ALL"), context.getCapabilities().getDrop());
        assertTrue(context.getCapabilities().getAdd() == null || context.getCapabilities().getAdd().isEmpty(),
                "nothing added back: " + context.getCapabilities().getAdd());
        assertEquals("RuntimeDefault", context.getSeccompProfile().getType());
        assertTrue(context.getRunAsNonRoot());
        assertEquals(65534L, context.getRunAsUser());
        assertEquals(65534L, context.getRunAsGroup());

        // the only writable places: memory-backed emptyDirs of the action's memory, for /tmp, /dev/shm and $HOME
        assertEquals("/home/action", c.getWorkingDir());
        assertEquals("/home/action", c.getEnv().stream().filter(e -> e.getName().equals("HOME")).findFirst()
                .orElseThrow().getValue());
        Map<String, String> mounts = new java.util.TreeMap<>();
        c.getVolumeMounts().forEach(m -> mounts.put(m.getName(), m.getMountPath()
                + (Boolean.TRUE.equals(m.getReadOnly()) ? " ro" : "")));
        assertEquals(Map.of("tmp", "/tmp", "shm", "/dev/shm", "home", "/home/action"), mounts);
        assertEquals(3, spec.getVolumes().size());
        for (var volume : spec.getVolumes()) {
            assertNotNull(volume.getEmptyDir(), volume.getName() + " is an emptyDir, nothing of the host");
            assertNull(volume.getHostPath(), volume.getName());
            assertEquals("Memory", volume.getEmptyDir().getMedium(), volume.getName());
            assertEquals(new Quantity("256Mi"), volume.getEmptyDir().getSizeLimit(), volume.getName());
        }
        assertTrue(factory.describe().contains("capabilities drop ALL, allowPrivilegeEscalation false,"
                + " seccompProfile RuntimeDefault"), factory.describe());
    }

    @Test
    void eachChoiceIsASetting() {
        KubernetesContainerFactory relaxed = factory(Map.of("user", "1000:2000", "tmpfs-mb", "32",
                "cap-add", "net_bind_service", "home", "/work", "read-only-root", "false"));
        var spec = pod(relaxed.create(spec("relaxed", NODE, 512)).id()).getSpec();
        var c = spec.getContainers().get(0);
        assertEquals(1000L, spec.getSecurityContext().getRunAsUser());
        assertEquals(2000L, spec.getSecurityContext().getRunAsGroup());
        assertEquals(2000L, c.getSecurityContext().getRunAsGroup());
        assertFalse(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("NET_BIND_SERVICE"), c.getSecurityContext().getCapabilities().getAdd());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals("/work", c.getWorkingDir());
        spec.getVolumes().forEach(v -> assertEquals(new Quantity("32Mi"), v.getEmptyDir().getSizeLimit()));

        // the image's own user: no uid asked for, and runAsNonRoot left to the image
        KubernetesContainerFactory imageUser = factory(Map.of("user", "image"));
        var own = pod(imageUser.create(spec("own", NODE, 128)).id()).getSpec();
        assertNull(own.getSecurityContext().getRunAsUser());
        assertNull(own.getSecurityContext().getRunAsNonRoot());
        assertTrue(own.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), own.getContainers().get(0).getSecurityContext().getCapabilities().getDrop());

        assertThrows(IllegalArgumentException.class, () -> factory(Map.of("user", "nobody")));
        assertThrows(IllegalArgumentException.class, () -> factory(Map.of("cap-add", "ALL")));
        relaxed.close();
        imageUser.close();
    }

    @Test
    void aBlackboxImageKeepsItsUserAndRootButNothingElse() {
        Container container = factory.create(new ContainerSpec("wsk7_bb", NODE, 256, Map.of(), "example/blackbox:1"));
        var spec = pod(container.id()).getSpec();
        var c = spec.getContainers().get(0);
        assertEquals("example/blackbox:1", c.getImage());
        assertNull(spec.getSecurityContext().getRunAsUser());
        assertNull(c.getWorkingDir(), "the image's working directory");
        assertFalse(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals("RuntimeDefault", c.getSecurityContext().getSeccompProfile().getType());
        assertEquals(List.of("tmp", "shm"), spec.getVolumes().stream().map(v -> v.getName()).toList());
    }

    @Test
    void waitsForReadinessBeforeReturning() {
        readyDelayMs = 300;
        long start = System.currentTimeMillis();
        Container container = factory.create(spec("slow", NODE, 128));
        long took = System.currentTimeMillis() - start;
        assertTrue(took >= 250, "returned after " + took + " ms, before the pod was ready");
        var status = pod(container.id()).getStatus();
        assertEquals("127.0.0.1", status.getPodIP());
        assertTrue(proxy.calls.isEmpty(), "nothing sent to the pod while it was starting");
        assertTrue(container.init(value("{\"code\":\"x\"}"), Duration.ofSeconds(5)).ok());
    }

    @Test
    void aPodThatCannotStartFailsFastAndIsDeleted() {
        ContainerException pull = assertThrows(ContainerException.class, () -> factory.create(spec("badimage", NODE, 128)));
        assertTrue(pull.getMessage().contains("ImagePullBackOff"), pull.getMessage());
        KubernetesContainerFactory impatient = factory(Map.of("ready-timeout-ms", "200"));
        ContainerException late = assertThrows(ContainerException.class, () -> impatient.create(spec("never", NODE, 128)));
        assertTrue(late.getMessage().contains("not ready within 200 ms"), late.getMessage());
        assertEquals(List.of(), client.pods().inNamespace(NS).list().getItems().stream()
                .map(p -> p.getMetadata().getName()).toList(), "failed pods are deleted");
    }

    @Test
    void initAndRunWithLogsReturnedInline() {
        Container container = factory.create(spec("hello", NODE, 256));
        RuntimeResponse init = container.init(value("{\"code\":\"function main(){}\"}"), Duration.ofSeconds(5));
        assertTrue(init.ok(), init.toString());
        assertEquals("{\"ok\":true}", init.body(), "the proxy's own body, unwrapped");
        RuntimeResponse run = container.run(value("{\"name\":\"Brisk\"}"), Duration.ofSeconds(5));
        assertEquals(200, run.status());
        assertEquals("{\"greeting\":\"Hello\"}", run.body());
        assertTrue(run.end() >= run.start());
        assertEquals(List.of("/init", "/run"), proxy.calls.stream().map(StubActionProxy.Call::path).toList());
        assertEquals("inline", proxy.calls.get(1).logsHeader());
        assertTrue(proxy.calls.get(1).body().contains("\"name\":\"Brisk\""));

        int apiRequests = server.getRequestCount();
        ActivationLogs logs = container.logs(1024 * 1024, true);
        assertEquals(List.of("2026-01-01T00:00:00.000000001Z stdout: loading", "2026-01-01T00:00:01.000000001Z stdout: hi",
                "2026-01-01T00:00:01.000000002Z stderr: oops"), logs.lines(), "init's lines go to the first activation");
        assertEquals(apiRequests, server.getRequestCount(), "no pod log read through the API server");
        assertEquals(List.of(), container.logs(1024, true).lines(), "each line once");

        container.run(value("{}"), Duration.ofSeconds(5));
        ActivationLogs cut = container.logs(60, true);
        assertTrue(cut.truncated());
        assertEquals(2, cut.lines().size(), cut.lines().toString());
        assertEquals("2026-01-01T00:00:01.000000001Z stdout: hi", cut.lines().get(0));
        assertTrue(cut.lines().get(1).matches("\\S+Z\\s+stderr: Logs were truncated because the total bytes size exceeds"
                + " the limit of 60 bytes\\."), cut.lines().get(1));
    }

    @Test
    void logsFromTheApiServerForImagesWithoutTheExtension() {
        proxy.supportsInline = false;
        Container container = factory.create(spec("plain", NODE, 256));
        String logPath = "/api/v1/namespaces/" + NS + "/pods/" + container.id() + "/log?pretty=false&container=user-action&timestamps=true";
        server.expect().get().withPath(logPath).andReturn(200, String.join("\n",
                "2026-01-01T00:00:01.000000001Z hello from the action",
                "2026-01-01T00:00:01.000000002Z " + LogSentinel.LINE,
                "2026-01-01T00:00:01.000000003Z " + LogSentinel.LINE, "")).once();
        RuntimeResponse run = container.run(value("{}"), Duration.ofSeconds(5));
        assertEquals("{\"greeting\":\"Hello\"}", run.body());
        assertEquals("inline", proxy.calls.get(0).logsHeader(), "asked, and answered the plain way");
        ActivationLogs logs = container.logs(1024 * 1024, true);
        assertEquals(List.of(String.format("%-30s stdout: hello from the action", "2026-01-01T00:00:01.000000001Z")),
                logs.lines());
    }

    @Test
    void timeoutAndNoResponse() {
        Container container = factory.create(spec("slowaction", NODE, 128));
        RuntimeResponse late = container.run(value("\"sleep\""), Duration.ofMillis(300));
        assertEquals(RuntimeResponse.Failure.TIMEOUT, late.failure());
        assertTrue(late.millis() >= 250 && late.millis() < 2_500, late.millis() + " ms");
        RuntimeResponse dead = container.run(value("\"die\""), Duration.ofSeconds(5));
        assertEquals(RuntimeResponse.Failure.NO_RESPONSE, dead.failure());

        KubernetesContainerFactory nobody = factory(Map.of("port", "1")); // nothing listens there
        Container gone = nobody.create(spec("gone", NODE, 128));
        assertEquals(RuntimeResponse.Failure.NO_RESPONSE, gone.init(value("{}"), Duration.ofSeconds(2)).failure());
    }

    @Test
    void destroyDeletesThePodAndCloseDeletesTheRest() {
        Container a = factory.create(spec("a", NODE, 128));
        Container b = factory.create(spec("b", NODE, 128));
        a.destroy();
        assertNull(pod(a.id()), "destroyed pod deleted");
        assertNotNull(pod(b.id()));
        assertEquals(java.util.Set.of(b.id()), factory.livePods());
        a.destroy(); // twice is harmless
        factory.close();
        assertNull(pod(b.id()), "close deletes the pods still in use");
    }

    @Test
    void cleanupDeletesOnlyThisInvokersOrphans() {
        Container mine = factory.create(spec("live", NODE, 128));
        create("orphan", Map.of("brisk.dev/invoker", "7", "brisk.dev/release", "owdev", "brisk.dev/action-pod", "true"));
        create("other-invoker", Map.of("brisk.dev/invoker", "8", "brisk.dev/release", "owdev", "brisk.dev/action-pod", "true"));
        create("other-release", Map.of("brisk.dev/invoker", "7", "brisk.dev/release", "staging", "brisk.dev/action-pod", "true"));
        create("not-an-action", Map.of("brisk.dev/invoker", "7", "brisk.dev/release", "owdev"));
        factory.cleanup();
        assertNull(pod("orphan"), "this invoker's leftover pod is deleted");
        assertNotNull(pod("other-invoker"));
        assertNotNull(pod("other-release"));
        assertNotNull(pod("not-an-action"));
        assertNotNull(pod(mine.id()), "pods in use survive");
    }

    private void create(String name, Map<String, String> labels) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withLabels(labels)
                .addToAnnotations(KubernetesContainerFactory.ANNOTATION_ACTION, "never").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec().build()).create();
    }

    @Test
    void registeredAsTheKubernetesProvider() {
        ContainerFactoryProvider provider = ServiceLoader.load(ContainerFactoryProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("kubernetes")).findFirst().orElseThrow();
        assertEquals(KubernetesContainerFactoryProvider.class, provider.getClass());
    }

    @Test
    void podNamesAreDnsLabels() {
        for (String name : List.of("wsk0_hello", "wsk12_My.Action_With_A_Very_Long_Name_That_Goes_On_And_On_And_On", "__", "9lives")) {
            String pod = KubernetesContainerFactory.podName(name);
            assertTrue(pod.matches("[a-z]([-a-z0-9]*[a-z0-9])?") && pod.length() <= 63, pod);
        }
        assertEquals("wsk0-hello", KubernetesContainerFactory.podName("wsk0_hello").replaceAll("-[a-z0-9]+$", ""));
    }

    @Test
    void imageSettingsInEverySpelling() {
        var s = KubernetesSettings.from(Map.of("image.nodejs:20", "a", "image-python", "b", "IMAGE-JAVA-21", "c"));
        assertEquals("a", s.image(NODE));
        assertEquals("b", s.image(PYTHON));
        assertEquals("c", s.image(new RuntimeKind("java:21", "java", true, "openwhisk/java8action", true)));
        assertEquals("IfNotPresent", s.imagePullPolicy(), "image-pull-policy is not an image");
        assertEquals("openwhisk/action-nodejs-v20", KubernetesSettings.from(Map.of()).image(NODE));
    }
}
