package dev.brisk.cdi;

import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.store.Stores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the store and the bus answer (MicroProfile Health {@code /health/ready}). */
@Readiness
@ApplicationScoped
public class PlatformHealth implements HealthCheck {
    private final Stores stores;
    private final MessageBus bus;

    @Inject
    public PlatformHealth(Stores stores, MessageBus bus) {
        this.stores = stores;
        this.bus = bus;
    }

    @Override
    public HealthCheckResponse call() {
        boolean store = safe(stores::isAvailable);
        boolean messages = safe(bus::isAvailable);
        return HealthCheckResponse.named("brisk-backends").status(store && messages)
                .withData("store", store).withData("bus", messages).build();
    }

    private static boolean safe(java.util.function.BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
