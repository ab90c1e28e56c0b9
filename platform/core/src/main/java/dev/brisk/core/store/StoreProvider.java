package dev.brisk.core.store;

import java.util.Map;

/**
 * Opens the stores; selected by name from configuration ({@code brisk.store.provider}) through
 * {@link java.util.ServiceLoader}, in the spirit of OpenWhisk's ArtifactStoreProvider SPI.
 */
public interface StoreProvider {
    String name();

    /** @param settings provider settings (e.g. a data directory or a CouchDB URL), keys without a prefix */
    Stores open(Map<String, String> settings);
}
