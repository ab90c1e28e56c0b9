package dev.brisk.runtimes.process;

import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerFactoryProvider;

import java.util.Map;

/** {@code brisk.invoker.container-factory=process}: local proxy processes, sandboxed with bubblewrap when possible. */
public final class ProcessContainerFactoryProvider implements ContainerFactoryProvider {
    @Override
    public String name() {
        return "process";
    }

    @Override
    public ContainerFactory create(Map<String, String> settings) {
        return new ProcessContainerFactory(settings);
    }
}
