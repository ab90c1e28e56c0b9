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

    /** The kinds the process container factory runs with the interpreters found on this machine. */
    public static RuntimeManifest standard() {
        return new RuntimeManifest(List.of(
                new RuntimeKind("nodejs:20", "nodejs", true, "openwhisk/action-nodejs-v20", false),
                new RuntimeKind("python:3.11", "python", true, "openwhisk/action-python-v3.11", false),
                new RuntimeKind("java:21", "java", true, "openwhisk/java8action", true)));
    }

    /** Trims and lower-cases, maps {@code family:default}; empty when the kind is unknown. */
    public Optional<RuntimeKind> resolve(String requested) {
        String kind = requested.trim().toLowerCase();
        if (kind.endsWith(":default")) {
            String family = kind.substring(0, kind.length() - ":default".length());
            return kinds.values().stream().filter(k -> k.family().equals(family) && k.isDefault()).findFirst();
        }
        return Optional.ofNullable(kinds.get(kind));
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
