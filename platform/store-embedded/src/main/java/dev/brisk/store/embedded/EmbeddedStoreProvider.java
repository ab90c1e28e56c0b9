package dev.brisk.store.embedded;

import dev.brisk.core.store.StoreProvider;
import dev.brisk.core.store.Stores;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code brisk.store.provider=embedded}: the databases in one local file. Settings: {@code path} (data directory,
 * default {@code ${user.home}/.brisk/data}), {@code fsync} ({@code true} to force every commit to the device).
 */
public final class EmbeddedStoreProvider implements StoreProvider {
    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Stores open(Map<String, String> settings) {
        String path = settings.getOrDefault("path", Path.of(System.getProperty("user.home"), ".brisk", "data").toString());
        return EmbeddedStores.open(Path.of(path), Boolean.parseBoolean(settings.getOrDefault("fsync", "false")));
    }
}
