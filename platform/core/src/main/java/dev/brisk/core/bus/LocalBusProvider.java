package dev.brisk.core.bus;

import java.util.Map;

/** {@code brisk.bus.provider=local}: the in-process bus. */
public final class LocalBusProvider implements BusProvider {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public MessageBus open(Map<String, String> settings) {
        return new LocalMessageBus();
    }
}
