package dev.brisk.invoker;

import dev.brisk.cdi.Spi;
import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.Topics;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerFactoryProvider;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.store.Stores;
import jakarta.annotation.PreDestroy;
import dev.brisk.cdi.metrics.MetricsRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Starts the invoker with the application when {@code brisk.invoker.enabled} (default true). */
@ApplicationScoped
public class InvokerLifecycle {
    private static final System.Logger LOG = System.getLogger(InvokerLifecycle.class.getName());
    private final Config config;
    private final Stores stores;
    private final MessageBus bus;
    private final Topics topics;
    private final RuntimeManifest manifest;
    private final MetricsRegistry metrics;
    private InvokerService service;
    private ContainerFactory factory;

    @Inject
    public InvokerLifecycle(Config config, Stores stores, MessageBus bus, Topics topics, RuntimeManifest manifest,
                            MetricsRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
        this.stores = stores;
        this.bus = bus;
        this.topics = topics;
        this.manifest = manifest;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!config.getOptionalValue("brisk.invoker.enabled", Boolean.class).orElse(true)) {
            return;
        }
        String factoryName = config.getOptionalValue("brisk.invoker.container-factory", String.class).orElse("process");
        int invokerId = config.getOptionalValue("brisk.invoker.id", Integer.class).orElse(0);
        factory = Spi.load(ContainerFactoryProvider.class, ContainerFactoryProvider::name, factoryName)
                .create(containerSettings(invokerId));
        LOG.log(System.Logger.Level.INFO, "Action containers: " + factory.describe());
        InvokerSettings settings = new InvokerSettings(
                invokerId,
                config.getOptionalValue("brisk.invoker.user-memory", Integer.class).orElse(2048),
                config.getOptionalValue("brisk.invoker.idle-timeout", Duration.class).orElse(Duration.ofMinutes(10)),
                config.getOptionalValue("brisk.invoker.pause-grace", Duration.class).orElse(Duration.ofSeconds(10)),
                config.getOptionalValue("brisk.api.host", String.class).orElse("http://localhost:3233"),
                stemCells(),
                config.getOptionalValue("brisk.limits.result-max-bytes", Long.class)
                        .orElse(dev.brisk.core.entity.SystemLimits.OPENWHISK.resultMaxBytes()));
        service = new InvokerService(settings, stores, bus, topics, factory, manifest);
        service.bindMetrics(metrics.meters());
    }

    /**
     * The factory's settings, all from MicroProfile Config: {@code brisk.invoker.container.*}, the invoker's id
     * ({@code brisk.invoker.id}, e.g. from {@code BRISK_INVOKER_ID}) and the engine Docker's own clients use
     * ({@code DOCKER_HOST}) unless the settings name others.
     */
    private Map<String, String> containerSettings(int invokerId) {
        Map<String, String> settings = new HashMap<>(Spi.settings(config, "brisk.invoker.container."));
        settings.putIfAbsent("invoker-id", Integer.toString(invokerId));
        config.getOptionalValue("DOCKER_HOST", String.class).ifPresent(host -> settings.putIfAbsent("docker-host", host));
        return settings;
    }

    /**
     * {@code brisk.invoker.prewarm=nodejs:default:2,python:default:1} (kind:count, 256 MB each, as OpenWhisk's
     * runtimes.json stem cells); default: two Node.js and one Python container.
     */
    private java.util.List<InvokerSettings.StemCell> stemCells() {
        String spec = config.getOptionalValue("brisk.invoker.prewarm", String.class)
                .orElse("nodejs:default:2,python:default:1");
        java.util.List<InvokerSettings.StemCell> cells = new java.util.ArrayList<>();
        for (String item : spec.split(",")) {
            String t = item.trim();
            if (t.isEmpty() || "none".equals(t)) {
                continue;
            }
            int last = t.lastIndexOf(':');
            String kind = t.substring(0, last);
            int count = Integer.parseInt(t.substring(last + 1));
            manifest.resolve(kind).ifPresentOrElse(k -> cells.add(new InvokerSettings.StemCell(k, 256, count)),
                    () -> LOG.log(System.Logger.Level.WARNING, "brisk.invoker.prewarm names unknown kind " + kind));
        }
        return cells;
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
