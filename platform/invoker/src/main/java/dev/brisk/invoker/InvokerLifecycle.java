package dev.brisk.invoker;

import dev.brisk.cdi.Spi;
import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.Topics;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerFactoryProvider;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.store.Stores;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;

/** Starts the invoker with the application when {@code brisk.invoker.enabled} (default true). */
@ApplicationScoped
public class InvokerLifecycle {
    @Inject
    Config config;
    @Inject
    Stores stores;
    @Inject
    MessageBus bus;
    @Inject
    Topics topics;
    @Inject
    RuntimeManifest manifest;

    private InvokerService service;
    private ContainerFactory factory;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!config.getOptionalValue("brisk.invoker.enabled", Boolean.class).orElse(true)) {
            return;
        }
        String factoryName = config.getOptionalValue("brisk.invoker.container-factory", String.class).orElse("process");
        factory = Spi.load(ContainerFactoryProvider.class, ContainerFactoryProvider::name, factoryName)
                .create(Spi.settings(config, "brisk.invoker.container."));
        InvokerSettings settings = new InvokerSettings(
                config.getOptionalValue("brisk.invoker.id", Integer.class).orElse(0),
                config.getOptionalValue("brisk.invoker.user-memory", Integer.class).orElse(2048),
                config.getOptionalValue("brisk.invoker.idle-timeout", Duration.class).orElse(Duration.ofMinutes(10)),
                config.getOptionalValue("brisk.invoker.pause-grace", Duration.class).orElse(Duration.ofSeconds(10)),
                config.getOptionalValue("brisk.api.host", String.class).orElse("http://localhost:3233"));
        service = new InvokerService(settings, stores, bus, topics, factory, manifest);
    }

    @PreDestroy
    void stop() {
        if (service != null) {
            service.close();
        }
        if (factory != null) {
            factory.close();
        }
    }
}
