package dev.brisk.container.docker;

import dev.brisk.core.entity.RuntimeKind;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the Docker container factory: the invoker's {@code brisk.invoker.container.*} keys with the prefix
 * stripped (environment variables {@code BRISK_INVOKER_CONTAINER_*} arrive lower-cased with {@code -} for {@code _}).
 *
 * <table>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code docker-host}</td><td>the invoker's {@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}</td>
 *     <td>the engine's API endpoint ({@code unix://} or {@code tcp://})</td></tr>
 * <tr><td>{@code api-version}</td><td>{@code 1.41}</td><td>Docker Engine API version spoken (Debian's 20.10
 *     engine speaks up to 1.41; newer engines accept it too)</td></tr>
 * <tr><td>{@code invoker-id}</td><td>the invoker's {@code brisk.invoker.id}, else 0</td>
 *     <td>value of the {@code brisk.invoker} label: {@code cleanup()} removes this invoker's leftovers</td></tr>
 * <tr><td>{@code name-prefix}</td><td>{@code brisk}</td><td>container names are
 *     {@code <prefix><invoker>_<factory>-<n>_<action>}</td></tr>
 * <tr><td>{@code image.<kind>}, {@code image-<kind>}, {@code image.<family>}, {@code image-<family>}</td>
 *     <td>the manifest's image (Brisk's runtime image of the kind, e.g. {@code brisk/action-nodejs:20})</td><td>runtime image per
 *     kind ({@code image.nodejs:20}; in the environment {@code BRISK_INVOKER_CONTAINER_IMAGE_NODEJS_20}) or per
 *     family ({@code image.nodejs})</td></tr>
 * <tr><td>{@code pull}</td><td>{@code missing}</td><td>{@code missing}: pull an image not present locally;
 *     {@code never}: fail at once</td></tr>
 * <tr><td>{@code pull-timeout-ms}</td><td>300000</td><td></td></tr>
 * <tr><td>{@code network}</td><td>{@code bridge}</td><td>the network action containers join; the invoker reaches
 *     them at their address on it. {@code host}, {@code none} and {@code container:<id>} are refused: an action
 *     never shares the host's or another container's (the invoker's) network namespace</td></tr>
 * <tr><td>{@code dns}</td><td>the engine's</td><td>comma-separated DNS servers for action containers</td></tr>
 * <tr><td>{@code port}</td><td>8080</td><td>the action proxy's port inside the container</td></tr>
 * <tr><td>{@code cpu-shares}</td><td>proportional</td><td>a fixed {@code --cpu-shares}; by default, as OpenWhisk:
 *     {@code max(2, 1024 * memory / user-memory-mb)}</td></tr>
 * <tr><td>{@code user-memory-mb}</td><td>2048</td><td>the memory all of this invoker's containers share</td></tr>
 * <tr><td>{@code pids-limit}</td><td>256</td><td>{@code --pids-limit} (processes and threads of a container; running
 *     an action, the java image has 15 threads, nodejs 7, python 2); 0 for none</td></tr>
 * <tr><td>{@code cap-add}</td><td>none</td><td>comma-separated capabilities given back after {@code --cap-drop ALL}
 *     (e.g. {@code NET_BIND_SERVICE} for an image whose proxy binds a port below 1024); Brisk's nodejs, python and
 *     java images need none. {@code ALL} is refused.</td></tr>
 * <tr><td>{@code user}</td><td>{@code 65534:65534}</td><td>who a runtime image's proxy runs as ({@code --user});
 *     {@code image} (or empty) for the image's own user. Blackbox images always run as their own user.</td></tr>
 * <tr><td>{@code read-only-root}</td><td>{@code true}</td><td>a runtime container's root file system is read-only
 *     ({@code --read-only}); its writable places are the tmpfs below. Blackbox images keep a writable root.</td></tr>
 * <tr><td>{@code home}</td><td>{@code /home/action}</td><td>{@code $HOME} and the working directory of a runtime
 *     container, a tmpfs</td></tr>
 * <tr><td>{@code tmpfs-mb}</td><td>the action's memory</td><td>the size of each tmpfs ({@code /tmp}, {@code home})
 *     and of {@code /dev/shm} ({@code --shm-size}); their pages are charged to the container's memory limit</td></tr>
 * <tr><td>{@code ready-timeout-ms}</td><td>30000</td><td>until the proxy accepts on its port</td></tr>
 * <tr><td>{@code log-wait-ms}, {@code log-poll-ms}</td><td>2000, 20</td><td>how long {@code logs(..., true)}
 *     waits for the sentinels, and how often it re-reads the container's log</td></tr>
 * </table>
 */
record DockerSettings(String dockerHost, String apiVersion, String invokerId, String namePrefix,
                      Map<String, String> images, boolean pullMissing, Duration pullTimeout, String network,
                      List<String> dns, int port, Integer cpuShares, long userMemoryMb, long pidsLimit,
                      Duration readyTimeout, Duration logWait, Duration logPoll, String user, boolean readOnlyRoot,
                      String home, long tmpfsMb, List<String> capAdd) {

    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    static DockerSettings from(Map<String, String> settings) {
        Map<String, String> s = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
                s.put(k.trim().toLowerCase(Locale.ROOT), v.trim());
            }
        });
        String host = Optional.ofNullable(s.get("docker-host"))
                .orElse(DEFAULT_HOST);
        String invoker = Optional.ofNullable(s.get("invoker-id"))
                .filter(v -> !v.isBlank()).map(String::trim).orElse("0");
        Map<String, String> images = new LinkedHashMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith("image.") || k.startsWith("image-") || k.startsWith("image_")) {
                images.put(normalize(k.substring("image.".length())), v);
            }
        });
        String pull = s.getOrDefault("pull", "missing").toLowerCase(Locale.ROOT);
        if (!pull.equals("missing") && !pull.equals("never")) {
            throw new IllegalArgumentException("pull must be missing or never, not " + pull);
        }
        List<String> dns = Arrays.stream(s.getOrDefault("dns", "").split(","))
                .map(String::trim).filter(d -> !d.isEmpty()).toList();
        return new DockerSettings(host, s.getOrDefault("api-version", "1.41"), invoker,
                clean(s.getOrDefault("name-prefix", "brisk"), "brisk"), Map.copyOf(images), pull.equals("missing"),
                millis(s, "pull-timeout-ms", 300_000), network(s.getOrDefault("network", "bridge")), dns,
                Integer.parseInt(s.getOrDefault("port", "8080")),
                s.containsKey("cpu-shares") ? Integer.valueOf(s.get("cpu-shares")) : null,
                Long.parseLong(s.getOrDefault("user-memory-mb", "2048")),
                Long.parseLong(s.getOrDefault("pids-limit", "256")),
                millis(s, "ready-timeout-ms", 30_000), millis(s, "log-wait-ms", 2_000), millis(s, "log-poll-ms", 20),
                user(settings),
                Boolean.parseBoolean(s.getOrDefault("read-only-root", "true")), s.getOrDefault("home", "/home/action"),
                Long.parseLong(s.getOrDefault("tmpfs-mb", "0")), capabilities(s.getOrDefault("cap-add", "")));
    }

    /**
     * {@code --user}: {@code 65534:65534} unless set; {@code image} (or an empty value, where a map can carry one:
     * MicroProfile Config drops empty values) for the image's own user.
     */
    static String user(Map<String, String> settings) {
        if (!settings.containsKey("user")) {
            return "65534:65534";
        }
        String user = Optional.ofNullable(settings.get("user")).orElse("").trim();
        return user.equalsIgnoreCase("image") ? "" : user;
    }

    /** The network mode, unless it would put an action into the host's or another container's namespace. */
    static String network(String mode) {
        String m = mode.toLowerCase(Locale.ROOT);
        if (m.equals("host") || m.equals("none") || m.startsWith("container:")) {
            throw new IllegalArgumentException("network=" + mode + " is refused: action containers never share the"
                    + " host's or another container's (the invoker's) network namespace, and the invoker must reach"
                    + " them at an address of their own; name a bridge or user-defined network (default bridge)");
        }
        return mode;
    }

    /** {@code NET_BIND_SERVICE, cap_chown} → {@code [NET_BIND_SERVICE, CHOWN]}, each a capability the engine knows. */
    static List<String> capabilities(String list) {
        List<String> caps = Arrays.stream(list.split(","))
                .map(c -> c.trim().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "")).filter(c -> !c.isEmpty())
                .distinct().toList();
        for (String cap : caps) {
            if (cap.equals("ALL")) {
                throw new IllegalArgumentException("cap-add=ALL is refused: name the capabilities a runtime needs");
            }
            try {
                com.github.dockerjava.api.model.Capability.valueOf(cap);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cap-add: unknown capability " + cap, e);
            }
        }
        return caps;
    }

    /** The image for a kind: the most specific setting, else the manifest's (OpenWhisk's official image). */
    String image(RuntimeKind kind) {
        for (String key : new String[]{kind.kind(), kind.family()}) {
            String image = key == null ? null : images.get(normalize(key));
            if (image != null) {
                return image;
            }
        }
        return kind.image();
    }

    /** As OpenWhisk: {@code max(2, 1024 * memory / user memory)}, unless {@code cpu-shares} fixes it. */
    int cpuShares(int memoryMb) {
        if (cpuShares != null) {
            return cpuShares;
        }
        if (memoryMb <= 0 || userMemoryMb <= 0) {
            return 1024;
        }
        return (int) Math.max(2, 1024L * memoryMb / userMemoryMb);
    }

    /** The size of each of a container's tmpfs, in bytes: the setting, else the action's memory (256 MB without). */
    long tmpfsBytes(int memoryMb) {
        long mb = tmpfsMb > 0 ? tmpfsMb : memoryMb > 0 ? memoryMb : 256;
        return mb * 1024 * 1024;
    }

    /** {@code nodejs:20}, {@code nodejs-20} and {@code NODEJS_20} are one key. */
    static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
    }

    /** A valid part of a container name: [a-zA-Z0-9_.-], at most 40 characters. */
    static String clean(String value, String fallback) {
        String v = value == null ? "" : value.replaceAll("[^A-Za-z0-9_.-]", "_");
        v = v.length() > 40 ? v.substring(0, 40) : v;
        return v.isEmpty() ? fallback : v;
    }

    private static Duration millis(Map<String, String> s, String key, long fallback) {
        return Duration.ofMillis(Long.parseLong(s.getOrDefault(key, Long.toString(fallback))));
    }
}
