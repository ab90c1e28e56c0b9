package dev.brisk.cdi;

import dev.brisk.core.bus.BusProvider;
import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.Topics;
import dev.brisk.core.entity.LimitBounds;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.store.StoreProvider;
import dev.brisk.core.store.Stores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Opens the store and the bus named in configuration ({@code brisk.store.provider}, {@code brisk.bus.provider}),
 * once per JVM, so a controller and an invoker in the same JVM (standalone) share them.
 */
@ApplicationScoped
public class PlatformProducers {
    private static final System.Logger LOG = System.getLogger(PlatformProducers.class.getName());
    private final Config config;

    @Inject
    public PlatformProducers(Config config) {
        this.config = config;
    }

    @Produces
    @ApplicationScoped
    public Stores stores() {
        String name = config.getOptionalValue("brisk.store.provider", String.class).orElse("embedded");
        StoreProvider provider = Spi.load(StoreProvider.class, StoreProvider::name, name);
        LOG.log(System.Logger.Level.INFO, "store: " + name);
        var settings = Spi.settings(config, "brisk.store.");
        return new ReconnectingStores(name, () -> provider.open(settings));
    }

    public void closeStores(@Disposes Stores stores) {
        stores.close();
    }

    @Produces
    @ApplicationScoped
    public MessageBus bus() {
        String name = config.getOptionalValue("brisk.bus.provider", String.class).orElse("local");
        BusProvider provider = Spi.load(BusProvider.class, BusProvider::name, name);
        LOG.log(System.Logger.Level.INFO, "message bus: " + name);
        return provider.open(Spi.settings(config, "brisk.bus."));
    }

    public void closeBus(@Disposes MessageBus bus) {
        bus.close();
    }

    @Produces
    @Singleton // a final value type: no client proxy
    public Topics topics() {
        return new Topics(config.getOptionalValue("brisk.bus.topic-prefix", String.class).orElse(""));
    }

    @Produces
    @Singleton // a final value type: no client proxy
    public RuntimeManifest runtimeManifest() {
        return RuntimeManifest.standard();
    }

    @Produces
    @Singleton // a final value type: no client proxy
    public LimitBounds limitBounds() {
        LimitBounds d = LimitBounds.OPENWHISK;
        return new LimitBounds(
                intValue("brisk.limits.timeout.min", d.timeoutMin()), intValue("brisk.limits.timeout.std", d.timeoutStd()),
                intValue("brisk.limits.timeout.max", d.timeoutMax()),
                intValue("brisk.limits.memory.min", d.memoryMin()), intValue("brisk.limits.memory.std", d.memoryStd()),
                intValue("brisk.limits.memory.max", d.memoryMax()),
                intValue("brisk.limits.logs.min", d.logsMin()), intValue("brisk.limits.logs.std", d.logsStd()),
                intValue("brisk.limits.logs.max", d.logsMax()),
                intValue("brisk.limits.concurrency.max", d.concurrencyMax()));
    }

    /** Throttles and size limits ({@code brisk.limits.*}); OpenWhisk's values unless configured. */
    @Produces
    @Singleton // a final value type: no client proxy
    public SystemLimits systemLimits() {
        SystemLimits d = SystemLimits.OPENWHISK;
        return new SystemLimits(
                intValue("brisk.limits.invocations-per-minute", d.invocationsPerMinute()),
                intValue("brisk.limits.concurrent-invocations", d.concurrentInvocations()),
                intValue("brisk.limits.fires-per-minute", d.firesPerMinute()),
                longValue("brisk.limits.payload-max-bytes", d.payloadMaxBytes()),
                longValue("brisk.limits.result-max-bytes", d.resultMaxBytes()),
                longValue("brisk.limits.code-max-bytes", d.codeMaxBytes()),
                longValue("brisk.limits.parameters-max-bytes", d.parametersMaxBytes()));
    }

    private long longValue(String key, long fallback) {
        return config.getOptionalValue(key, Long.class).orElse(fallback);
    }

    private int intValue(String key, int fallback) {
        return config.getOptionalValue(key, Integer.class).orElse(fallback);
    }
}
