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
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * The pod for one action container. Every action is taken for an attacker's: all capabilities dropped (but what
     * {@code cap-add} names), no privilege escalation, the runtime's default seccomp profile, no service-account
     * token, no service links, none of the host's namespaces; a runtime image also runs as {@code user} (non-root)
     * on a read-only root whose only writable places are memory-backed {@code emptyDir} volumes of bounded size for
     * {@code /tmp}, its home (the working directory) and {@code /dev/shm}. Blackbox images keep their own user and
     * a writable root, with the rest.
     */
    Pod podFor(ContainerSpec spec) {
        String image = spec.blackbox() ? spec.image() : settings.image(spec.kind());
        if (image == null || image.isBlank()) {
            throw new ContainerException("no image for kind " + spec.kind().kind());
        }
        Map<String, String> labels = invokerLabels();
        boolean runtime = !spec.blackbox();
        List<EnvVar> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        if (runtime) {
            env.add(new EnvVar("HOME", settings.home(), null));
        }
        Map<String, Quantity> memory = spec.memoryMb() > 0
                ? Map.of("memory", new Quantity(spec.memoryMb() + "Mi")) : Map.of();
        Quantity volumeSize = new Quantity(settings.volumeMb(spec.memoryMb()) + "Mi");
        Map<String, String> writable = new LinkedHashMap<>();
        writable.put("tmp", "/tmp");
        writable.put("shm", "/dev/shm");
        if (runtime) {
            writable.put("home", settings.home());
        }
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        writable.forEach((name, path) -> {
            volumes.add(new VolumeBuilder().withName(name)
                    .withNewEmptyDir().withMedium("Memory").withSizeLimit(volumeSize).endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(path).build());
        });
        Long uid = runtime ? settings.runAsUser() : null;
        Long gid = runtime ? settings.runAsGroup() : null;
        Boolean nonRoot = uid != null && uid != 0 ? Boolean.TRUE : null;
        SeccompProfile seccomp = new SeccompProfileBuilder().withType("RuntimeDefault").build();
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
                    .withHostNetwork(false)
                    .withHostPID(false)
                    .withHostIPC(false)
                    .withShareProcessNamespace(false)
                    .withTerminationGracePeriodSeconds(1L)
                    .withNodeSelector(settings.nodeSelector().isEmpty() ? null : settings.nodeSelector())
                    .withNewSecurityContext()
                        .withRunAsNonRoot(nonRoot)
                        .withRunAsUser(uid)
                        .withRunAsGroup(gid)
                        .withFsGroup(gid)
                        .withSeccompProfile(seccomp)
                    .endSecurityContext()
                    .withVolumes(volumes)
                    .addNewContainer()
                        .withName(CONTAINER_NAME)
                        .withImage(image)
                        .withImagePullPolicy(settings.imagePullPolicy())
                        .withWorkingDir(runtime ? settings.home() : null)
                        .addNewPort().withName("action").withContainerPort(settings.port()).withProtocol("TCP").endPort()
                        .withEnv(env)
                        .withVolumeMounts(mounts)
                        .withNewResources().withRequests(memory).withLimits(memory).endResources()
                        .withNewSecurityContext()
                            .withPrivileged(false)
                            .withAllowPrivilegeEscalation(false)
                            .withReadOnlyRootFilesystem(runtime && settings.readOnlyRoot())
                            .withRunAsNonRoot(nonRoot)
                            .withRunAsUser(uid)
                            .withRunAsGroup(gid)
                            .withSeccompProfile(seccomp)
                            .withNewCapabilities()
                                .withDrop("ALL")
                                .withAdd(settings.capAdd().isEmpty() ? null : settings.capAdd())
                            .endCapabilities()
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

    /** How action pods are confined, for the invoker's start-up log. */
    @Override
    public String describe() {
        return "Kubernetes pods in namespace " + namespace + ": capabilities drop ALL"
                + (settings.capAdd().isEmpty() ? "" : " add " + String.join(",", settings.capAdd()))
                + ", allowPrivilegeEscalation false, seccompProfile RuntimeDefault, no service-account token; runtime"
                + " images " + (settings.readOnlyRoot() ? "readOnlyRootFilesystem" : "with a WRITABLE root")
                + (settings.runAsUser() == null ? " as the image's user" : " runAsNonRoot as " + settings.runAsUser()
                + ":" + settings.runAsGroup()) + ", emptyDir (Memory) /tmp, /dev/shm and " + settings.home() + " of "
                + (settings.tmpfsMb() > 0 ? settings.tmpfsMb() + " Mi" : "the action's memory") + " each";
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
