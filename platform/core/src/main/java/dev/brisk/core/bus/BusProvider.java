package dev.brisk.core.bus;

import java.util.Map;

/** Opens a message bus; selected by name ({@code brisk.bus.provider}) through {@link java.util.ServiceLoader}. */
public interface BusProvider {
    String name();

    MessageBus open(Map<String, String> settings);
}
