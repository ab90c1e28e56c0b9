package dev.brisk.core.container;

import java.util.Map;

/** Creates a container factory; selected by name ({@code brisk.invoker.container-factory}) via ServiceLoader. */
public interface ContainerFactoryProvider {
    String name();

    ContainerFactory create(Map<String, String> settings);
}
