package dev.brisk.container.docker;

import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerFactoryProvider;

import java.util.Map;

/** {@code brisk.invoker.container-factory=docker}: one Docker container per warm action container. */
public final class DockerContainerFactoryProvider implements ContainerFactoryProvider {
    @Override
    public String name() {
        return "docker";
    }

    @Override
    public ContainerFactory create(Map<String, String> settings) {
        return new DockerContainerFactory(settings);
    }
}
