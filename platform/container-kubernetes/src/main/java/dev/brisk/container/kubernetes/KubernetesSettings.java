package dev.brisk.container.kubernetes;

import dev.brisk.core.container.InlineLogs;
import dev.brisk.core.entity.RuntimeKind;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the Kubernetes container factory: the invoker's {@code brisk.invoker.container.*} keys with the prefix
 * stripped (environment variables {@code BRISK_INVOKER_CONTAINER_*} arrive lower-cased with {@code -} for {@code _}).
 *
 * <table>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code namespace}</td><td>the client's (in a pod: its own)</td><td>where action pods run</td></tr>
 * <tr><td>{@code invoker-id}</td><td>the invoker's {@code brisk.invoker.id}, else 0</td>
 *     <td>value of the {@code brisk.dev/invoker} label</td></tr>
 * <tr><td>{@code release}</td><td>none</td><td>value of the {@code brisk.dev/release} label (the Helm release), so
 *     two installations in one namespace leave each other's pods alone</td></tr>
 * <tr><td>{@code image.<kind>}, {@code image-<kind>}, {@code image.<family>}, {@code image-<family>}</td>
 *     <td>the manifest's image</td><td>runtime image per kind ({@code image.nodejs:20}; in the environment
 *     {@code BRISK_INVOKER_CONTAINER_IMAGE_NODEJS_20})</td></tr>
 * <tr><td>{@code image-pull-policy}</td><td>{@code IfNotPresent}</td><td></td></tr>
 * <tr><td>{@code node-selector}</td><td>none</td><td>{@code key=value[,key=value]} for action pods
 *     (e.g. {@code openwhisk-role=invoker})</td></tr>
 * <tr><td>{@code port}</td><td>8080</td><td>the action proxy's port</td></tr>
 * <tr><td>{@code ready-timeout-ms}, {@code ready-poll-ms}</td><td>60000, 250</td><td>waiting for a pod's
 *     readiness before {@code /init}</td></tr>
 * <tr><td>{@code inline-logs}</td><td>true</td><td>ask the proxy for the activation's log lines with the
 *     response ({@link InlineLogs}); pod logs through the API server are the fallback</td></tr>
 * <tr><td>{@code log-wait-ms}, {@code log-poll-ms}</td><td>2000, 100</td><td>API-server fallback: how long to
 *     wait for the sentinels, and how often to re-read</td></tr>
 * <tr><td>{@code log-sentinels}</td><td>2</td><td>sentinel lines per activation in the merged pod log (one on
 *     stdout, one on stderr)</td></tr>
 * <tr><td>{@code user}</td><td>{@code 65534:65534}</td><td>{@code uid[:gid]} a runtime image's proxy runs as
 *     ({@code runAsUser}, {@code runAsGroup}, {@code fsGroup}, with {@code runAsNonRoot: true}); {@code image}
 *     (or empty) for the image's own user. Blackbox images always run as their own user.</td></tr>
 * <tr><td>{@code read-only-root}</td><td>{@code true}</td><td>{@code readOnlyRootFilesystem} of a runtime
 *     container; its writable places are the memory-backed {@code emptyDir} volumes below. Blackbox images keep a
 *     writable root.</td></tr>
 * <tr><td>{@code home}</td><td>{@code /home/action}</td><td>{@code $HOME} and the working directory of a runtime
 *     container, an {@code emptyDir} with {@code medium: Memory}</td></tr>
 * <tr><td>{@code tmpfs-mb}</td><td>the action's memory</td><td>the {@code sizeLimit} of each memory-backed
 *     {@code emptyDir} ({@code /tmp}, {@code home}, {@code /dev/shm}); their pages count against the pod's memory
 *     limit</td></tr>
 * <tr><td>{@code cap-add}</td><td>none</td><td>capabilities given back after dropping {@code ALL}
 *     ({@code NET_BIND_SERVICE,...}); {@code ALL} is refused</td></tr>
 * </table>
 */
record KubernetesSettings(String namespace, String invokerId, String release, Map<String, String> images,
                          String imagePullPolicy, Map<String, String> nodeSelector, int port, Duration readyTimeout,
                          Duration readyPoll, boolean inlineLogs, Duration logWait, Duration logPoll,
                          int logSentinels, Long runAsUser, Long runAsGroup, boolean readOnlyRoot, String home,
                          long tmpfsMb, List<String> capAdd) {

    static final String DEFAULT_USER = "65534:65534";

    static KubernetesSettings from(Map<String, String> settings) {
        Map<String, String> s = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                s.put(k.trim().toLowerCase(Locale.ROOT), v.trim());
            }
        });
        String user = settings.containsKey("user") ? Optional.ofNullable(settings.get("user")).orElse("").trim()
                : DEFAULT_USER;
        if (user.equalsIgnoreCase("image")) {
            user = ""; // MicroProfile Config drops empty values: "image" says the image's own user
        }
        String invoker = Optional.ofNullable(s.get("invoker-id"))
                .filter(v -> !v.isBlank()).map(String::trim).orElse("0");
        Map<String, String> images = new LinkedHashMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith("image.") || (k.startsWith("image-") && !k.equals("image-pull-policy"))) {
                images.put(normalize(k.substring("image.".length())), v);
            }
        });
        Map<String, String> nodeSelector = new LinkedHashMap<>();
        for (String pair : s.getOrDefault("node-selector", "").split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && !kv[0].isBlank()) {
                nodeSelector.put(kv[0].trim(), kv[1].trim());
            }
        }
        return new KubernetesSettings(s.get("namespace"), label(invoker), Optional.ofNullable(s.get("release"))
                .map(KubernetesSettings::label).orElse(null), Map.copyOf(images),
                s.getOrDefault("image-pull-policy", "IfNotPresent"), Map.copyOf(nodeSelector),
                Integer.parseInt(s.getOrDefault("port", "8080")),
                millis(s, "ready-timeout-ms", 60_000), millis(s, "ready-poll-ms", 250),
                Boolean.parseBoolean(s.getOrDefault("inline-logs", "true")),
                millis(s, "log-wait-ms", 2_000), millis(s, "log-poll-ms", 100),
                Integer.parseInt(s.getOrDefault("log-sentinels", "2")),
                uid(user, 0), uid(user, 1), Boolean.parseBoolean(s.getOrDefault("read-only-root", "true")),
                s.getOrDefault("home", "/home/action"), Long.parseLong(s.getOrDefault("tmpfs-mb", "0")),
                capabilities(s.getOrDefault("cap-add", "")));
    }

    /** Part {@code index} (0: uid, 1: gid, which defaults to the uid) of {@code uid[:gid]}; null when empty. */
    private static Long uid(String user, int index) {
        if (user.isEmpty()) {
            return null;
        }
        String[] parts = user.split(":", 2);
        if (!parts[0].matches("\\d+") || (parts.length == 2 && !parts[1].matches("\\d+"))) {
            throw new IllegalArgumentException("user must be uid[:gid] in numbers (Kubernetes has no names), not " + user);
        }
        return Long.valueOf(parts[Math.min(index, parts.length - 1)]);
    }

    /** {@code net_bind_service, CAP_CHOWN} → {@code [NET_BIND_SERVICE, CHOWN]}. */
    static List<String> capabilities(String list) {
        List<String> caps = Arrays.stream(list.split(","))
                .map(c -> c.trim().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "")).filter(c -> !c.isEmpty())
                .distinct().toList();
        for (String cap : caps) {
            if (cap.equals("ALL") || !cap.matches("[A-Z_]+")) {
                throw new IllegalArgumentException("cap-add: " + cap + " is refused: name the capabilities a runtime needs");
            }
        }
        return caps;
    }

    /** The {@code sizeLimit} of each memory-backed volume, in MiB: the setting, else the action's memory. */
    long volumeMb(int memoryMb) {
        return tmpfsMb > 0 ? tmpfsMb : memoryMb > 0 ? memoryMb : 256;
    }

    /** The image for a kind: the most specific setting, else the manifest's. */
    String image(RuntimeKind kind) {
        for (String key : new String[]{kind.kind(), kind.family()}) {
            String image = images.get(normalize(key));
            if (image != null) {
                return image;
            }
        }
        return kind.image();
    }

    /** {@code nodejs:20}, {@code nodejs-20} and {@code NODEJS_20} are one key. */
    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
    }

    private static Duration millis(Map<String, String> s, String key, long fallback) {
        return Duration.ofMillis(Long.parseLong(s.getOrDefault(key, Long.toString(fallback))));
    }

    /** A valid label value: at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric. */
    static String label(String value) {
        String v = value.replaceAll("[^A-Za-z0-9._-]", "-");
        v = v.length() > 63 ? v.substring(0, 63) : v;
        return v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }
}
