package dev.brisk.controller;

import dev.brisk.core.store.StoreProvider;
import dev.brisk.core.store.Stores;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/** A real (embedded) store in a test's own folder, for tests of what the controller reads and writes. */
public final class EmbeddedStores {
    private EmbeddedStores() {
    }

    public static Stores open(Path dir) {
        StoreProvider provider = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("embedded")).findFirst().orElseThrow();
        return provider.open(Map.of("path", dir.toString()));
    }
}
