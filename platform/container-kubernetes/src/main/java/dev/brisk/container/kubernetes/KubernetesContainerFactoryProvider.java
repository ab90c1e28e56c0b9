package dev.brisk.container.kubernetes;

import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerFactoryProvider;

import java.util.Map;

/** {@code brisk.invoker.container-factory=kubernetes}: one pod per warm action container. */
public final class KubernetesContainerFactoryProvider implements ContainerFactoryProvider {
    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public ContainerFactory create(Map<String, String> settings) {
        return new KubernetesContainerFactory(settings);
    }
}
