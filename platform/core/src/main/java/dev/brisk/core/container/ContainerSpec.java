package dev.brisk.core.container;

import dev.brisk.core.entity.RuntimeKind;

import java.util.Map;

/**
 * What to start: a runtime kind, its memory limit, environment (e.g. {@code __OW_API_HOST}) and a name prefix; for a
 * blackbox action also the {@code image} to run instead of the kind's (null otherwise).
 */
public record ContainerSpec(String name, RuntimeKind kind, int memoryMb, Map<String, String> environment, String image) {
    public ContainerSpec {
        environment = Map.copyOf(environment);
    }

    public ContainerSpec(String name, RuntimeKind kind, int memoryMb, Map<String, String> environment) {
        this(name, kind, memoryMb, environment, null);
    }

    /** Whether this is a blackbox action's container (an image of the action's own). */
    public boolean blackbox() {
        return image != null;
    }
}
