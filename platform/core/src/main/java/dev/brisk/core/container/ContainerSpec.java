package dev.brisk.core.container;

import dev.brisk.core.entity.RuntimeKind;

import java.util.Map;

/**
 * What to start: a runtime kind, its memory limit, environment (e.g. {@code __OW_API_HOST}) and a name prefix.
 */
public record ContainerSpec(String name, RuntimeKind kind, int memoryMb, Map<String, String> environment) {
    public ContainerSpec {
        environment = Map.copyOf(environment);
    }
}
