package dev.brisk.container.kubernetes;

import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.ImageUnavailableException;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs each action container as its own pod (OpenWhisk's KubernetesContainerFactory, on fabric8's client): created
 * from the kind's runtime image with requests equal to limits for the action's memory, labelled with its invoker,
 * used once ready at its pod IP, deleted when the container is destroyed. Settings: {@link KubernetesSettings}.
 *
 * <p>Labels: {@code brisk.dev/invoker=<id>}, {@code brisk.dev/action-pod=true}, {@code brisk.dev/release=<release>}
 * when configured. {@link #cleanup()} deletes pods with this invoker's labels that it did not create in this run.
 */
public final class KubernetesContainerFactory implements ContainerFactory {
    private static final System.Logger LOG = System.getLogger(KubernetesContainerFactory.class.getName());
    public static final String LABEL_INVOKER = "brisk.dev/invoker";
    public static final String LABEL_RELEASE = "brisk.dev/release";
    public static final String LABEL_ACTION_POD = "brisk.dev/action-pod";
    public static final String ANNOTATION_ACTION = "brisk.dev/action";
    public static final String ANNOTATION_KIND = "brisk.dev/kind";
    public static final String CONTAINER_NAME = "user-action";
    /** Waiting reasons after which a pod will not become ready by itself. */
    private static final Set<String> HOPELESS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError", "RunContainerError",
            "CrashLoopBackOff");
    /** Of those, the ones that mean the image cannot be had. */
    private static final Set<String> IMAGE_UNAVAILABLE = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull");

    private final KubernetesSettings settings;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final HttpClient http;
    private final Map<String, KubernetesContainer> live = new ConcurrentHashMap<>();

    /** With a client configured the usual way (in a pod: its service account; else ~/.kube/config, KUBECONFIG). */
    public KubernetesContainerFactory(Map<String, String> settings) {
        this(settings, new KubernetesClientBuilder().build(), true);
    }

    /** With the given client, which stays the caller's to close. */
    public KubernetesContainerFactory(Map<String, String> settings, KubernetesClient client) {
        this(settings, client, false);
    }

    private KubernetesContainerFactory(Map<String, String> settings, KubernetesClient client, boolean ownsClient) {
        this.settings = KubernetesSettings.from(settings);
        this.client = client;
        this.ownsClient = ownsClient;
        String ns = this.settings.namespace() != null ? this.settings.namespace() : client.getNamespace();
        this.namespace = ns == null || ns.isBlank() ? "default" : ns;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String namespace() {
        return namespace;
    }

    /** The labels every pod of this invoker carries, and that {@link #cleanup()} selects by. */
    public Map<String, String> invokerLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_INVOKER, settings.invokerId());
        labels.put(LABEL_ACTION_POD, "true");
        if (settings.release() != null) {
            labels.put(LABEL_RELEASE, settings.release());
        }
        return labels;
    }

    @Override
    public Container create(ContainerSpec spec) throws ContainerException {
        Pod pod = podFor(spec);
        String name = pod.getMetadata().getName();
        try {
            client.pods().inNamespace(namespace).resource(pod).create();
        } catch (KubernetesClientException e) {
            throw new ContainerException("cannot create pod " + name + ": " + e.getMessage(), e);
        }
        Pod ready;
        try {
            ready = awaitReady(name);
        } catch (RuntimeException e) {
            delete(name);
            throw e instanceof ContainerException ce ? ce
                    : new ContainerException("pod " + name + " did not become ready: " + e.getMessage(), e);
        }
        PodLogReader podLogs = new PodLogReader(since -> readLog(name, since), settings.logSentinels(),
                settings.logWait(), settings.logPoll());
        KubernetesContainer container = new KubernetesContainer(name, ready.getStatus().getPodIP(), settings.port(),
                http, settings.inlineLogs(), podLogs, c -> {
            live.remove(c.id());
            delete(c.id());
        });
        live.put(name, container);
        return container;
    }

    /** {@code $HOME} and working directory of a runtime image's proxy: a memory-backed emptyDir, as Docker's tmpfs. */
    static final String HOME = "/home/action";
    /** The uid and gid a runtime image's proxy runs as (nobody). */
    static final long NOBODY = 65534L;

    /**
     * The pod for one action container, locked down as the Docker factory's: no capability, no privilege
     * escalation, the runtime's default seccomp profile, no service-account token and no service links; a runtime
     * image also runs as nobody on a read-only root whose only writable places are {@code /tmp} and {@code $HOME},
     * memory-backed emptyDirs bounded at the action's memory.
     */
    Pod podFor(ContainerSpec spec) {
        String image = spec.blackbox() ? spec.image() : settings.image(spec.kind());
        if (image == null || image.isBlank()) {
            throw new ContainerException("no image for kind " + spec.kind().kind());
        }
        Map<String, String> labels = invokerLabels();
        List<EnvVar> env = new java.util.ArrayList<>(spec.environment().entrySet().stream()
                .map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList());
        boolean runtime = !spec.blackbox(); // a runtime image is ours to lock down; a blackbox image keeps its user
        if (runtime) {
            env.add(new EnvVar("HOME", HOME, null));
        }
        // the writable places: memory-backed, bounded, counted against the pod's memory limit as Docker's tmpfs
        Quantity scratch = new Quantity((spec.memoryMb() > 0 ? spec.memoryMb() : 256) + "Mi");
        Map<String, Quantity> memory = spec.memoryMb() > 0
                ? Map.of("memory", new Quantity(spec.memoryMb() + "Mi")) : Map.of();
        return new PodBuilder()
                .withNewMetadata()
                    .withName(podName(spec.name()))
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .addToAnnotations(ANNOTATION_ACTION, spec.name())
                    .addToAnnotations(ANNOTATION_KIND, spec.kind().kind())
                .endMetadata()
                .withNewSpec()
                    // a proxy that died lost its /init: the invoker discards the container, a restart would not help
                    .withRestartPolicy("Never")
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withTerminationGracePeriodSeconds(1L)
                    .withNodeSelector(settings.nodeSelector().isEmpty() ? null : settings.nodeSelector())
                    .withNewSecurityContext()
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .addNewVolume().withName("tmp").withNewEmptyDir().withMedium("Memory").withSizeLimit(scratch)
                        .endEmptyDir().endVolume()
                    .addNewVolume().withName("home").withNewEmptyDir().withMedium("Memory").withSizeLimit(scratch)
                        .endEmptyDir().endVolume()
                    .addNewContainer()
                        .withName(CONTAINER_NAME)
                        .withImage(image)
                        .withImagePullPolicy(settings.imagePullPolicy())
                        .addNewPort().withName("action").withContainerPort(settings.port()).withProtocol("TCP").endPort()
                        .withEnv(env)
                        .withNewResources().withRequests(memory).withLimits(memory).endResources()
                        .withWorkingDir(runtime ? HOME : null)
                        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                        .addNewVolumeMount().withName("home").withMountPath(HOME).endVolumeMount()
                        .withNewSecurityContext()
                            .withAllowPrivilegeEscalation(false)
                            .withPrivileged(false)
                            .withNewCapabilities().withDrop("ALL").endCapabilities()
                            .withReadOnlyRootFilesystem(runtime)
                            .withRunAsNonRoot(runtime ? true : null)
                            .withRunAsUser(runtime ? NOBODY : null)
                            .withRunAsGroup(runtime ? NOBODY : null)
                        .endSecurityContext()
                        .withNewReadinessProbe()
                            .withNewTcpSocket().withNewPort(settings.port()).endTcpSocket()
                            .withPeriodSeconds(1)
                            .withFailureThreshold(1)
                        .endReadinessProbe()
                    .endContainer()
                .endSpec()
                .build();
    }

    /** {@code wsk0_hello} → {@code wsk0-hello-k3x9q2}: a DNS label, unique, at most 63 characters. */
    static String podName(String specName) {
        String base = specName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "action";
        }
        if (base.length() > 48) {
            base = base.substring(0, 48).replaceAll("-+$", "");
        }
        if (!Character.isLetter(base.charAt(0))) {
            base = "a" + base;
        }
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
        return base + "-" + suffix.substring(0, Math.min(10, suffix.length()));
    }

    /** Polls the pod until it is Ready with an IP; fails fast when it cannot get there. */
    private Pod awaitReady(String name) {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        String last = "not found";
        while (true) {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod != null && pod.getStatus() != null) {
                var status = pod.getStatus();
                String ip = status.getPodIP();
                boolean ready = status.getConditions() != null && status.getConditions().stream()
                        .anyMatch((PodCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
                if (ready && ip != null && !ip.isBlank()) {
                    return pod;
                }
                if ("Failed".equals(status.getPhase()) || "Succeeded".equals(status.getPhase())) {
                    throw new ContainerException("pod " + name + " ended (" + status.getPhase() + ") before it was ready"
                            + (status.getMessage() == null ? "" : ": " + status.getMessage()));
                }
                for (ContainerStatus cs : status.getContainerStatuses() == null ? List.<ContainerStatus>of()
                        : status.getContainerStatuses()) {
                    ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
                    if (waiting != null && HOPELESS.contains(waiting.getReason())) {
                        if (IMAGE_UNAVAILABLE.contains(waiting.getReason())) {
                            throw new ImageUnavailableException(cs.getImage(), "pod " + name + " cannot start: "
                                    + waiting.getReason() + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")"), null);
                        }
                        throw new ContainerException("pod " + name + " cannot start: " + waiting.getReason()
                                + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")"));
                    }
                }
                last = "phase " + status.getPhase() + (ready ? ", ready without an IP" : ", not ready");
            } else if (pod != null) {
                last = "no status yet";
            }
            if (System.nanoTime() >= deadline) {
                throw new ContainerException("pod " + name + " not ready within " + settings.readyTimeout().toMillis()
                        + " ms (" + last + ")");
            }
            try {
                Thread.sleep(settings.readyPoll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerException("interrupted while waiting for pod " + name, e);
            }
        }
    }

    private String readLog(String name, String sinceTime) {
        var log = client.pods().inNamespace(namespace).withName(name).inContainer(CONTAINER_NAME).usingTimestamps();
        return sinceTime == null ? log.getLog() : log.sinceTime(sinceTime).getLog();
    }

    private void delete(String name) {
        try {
            client.pods().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete pod " + name + ": " + e.getMessage());
        }
    }

    /** Deletes the pods an earlier run of this invoker left behind (same invoker and release labels). */
    @Override
    public void cleanup() {
        try {
            List<Pod> pods = client.pods().inNamespace(namespace).withLabels(invokerLabels()).list().getItems();
            for (Pod pod : pods) {
                String name = pod.getMetadata().getName();
                if (!live.containsKey(name)) {
                    LOG.log(System.Logger.Level.INFO, "deleting orphaned action pod " + name);
                    delete(name);
                }
            }
        } catch (KubernetesClientException e) {
            LOG.log(System.Logger.Level.WARNING, "cleanup of action pods failed: " + e.getMessage());
        }
    }

    /** The pods this factory created and has not destroyed. */
    public Set<String> livePods() {
        return Set.copyOf(live.keySet());
    }

    @Override
    public void close() {
        List.copyOf(live.values()).forEach(KubernetesContainer::destroy);
        http.close();
        if (ownsClient) {
            client.close();
        }
    }
}
