package dev.brisk.core.entity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The runtime kinds this platform accepts; {@code family:default} resolves to the family's default kind. */
public final class RuntimeManifest {
    private final Map<String, RuntimeKind> kinds = new LinkedHashMap<>();

    public RuntimeManifest(List<RuntimeKind> kinds) {
        kinds.forEach(k -> this.kinds.put(k.kind(), k));
    }

    /**
     * The kinds Brisk runs. Each one's image is Brisk's own runtime image of that kind
     * ({@code platform/container-docker/images/<family>}, built and tagged so by {@code ci/build-images}): Brisk's
     * action proxy of the family on the interpreter the kind names (Node.js 20, Python 3.11, a Java 21+ runtime). The
     * Docker and Kubernetes factories run it unless an image is configured for the kind; the process factory runs the
     * same proxy on this machine's interpreter. Only Java needs {@code main} (the class, OpenWhisk's requireMain); no
     * kind stores its code as an attachment (the code is inline in the action's document).
     */
    public static RuntimeManifest standard() {
        return new RuntimeManifest(List.of(
                new RuntimeKind("nodejs:20", "nodejs", true, IMAGE_PREFIX + "nodejs:20", false),
                new RuntimeKind("python:3.11", "python", true, IMAGE_PREFIX + "python:3.11", false),
                new RuntimeKind("java:21", "java", true, IMAGE_PREFIX + "java:21", true)));
    }

    /** The repository of Brisk's runtime images, followed by the family and tagged with the kind's version. */
    public static final String IMAGE_PREFIX = "brisk/action-";

    /** Trims and lower-cases, maps {@code family:default}; empty when the kind is unknown. */
    public Optional<RuntimeKind> resolve(String requested) {
        String kind = requested.trim().toLowerCase();
        if (kind.endsWith(":default")) {
            String family = kind.substring(0, kind.length() - ":default".length());
            return kinds.values().stream().filter(k -> k.family().equals(family) && k.isDefault()).findFirst();
        }
        return Optional.ofNullable(kinds.get(kind));
    }

    /**
     * How many activations of {@code action} share one container at most: its {@code limits.concurrency} where its
     * kind runs them concurrently ({@link RuntimeKind#concurrent}), else 1 (a blackbox image, a kind no longer run).
     * The controller counts an action's memory once per this many activations in flight, as the invoker charges it
     * once per container.
     */
    public int containerConcurrency(WhiskAction action) {
        if (action.exec().isBlackbox()) {
            return 1;
        }
        return resolve(action.exec().kind()).filter(RuntimeKind::concurrent)
                .map(k -> Math.max(1, action.limits().concurrency())).orElse(1);
    }

    public List<RuntimeKind> kinds() {
        return List.copyOf(kinds.values());
    }

    /** OpenWhisk's list of valid values for its "not supported" message. */
    public String validValues() {
        return kinds.keySet().stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "))
                + ", " + kinds.values().stream().map(RuntimeKind::family).distinct()
                .map(f -> "'" + f + ":default'").collect(Collectors.joining(", "));
    }
}
