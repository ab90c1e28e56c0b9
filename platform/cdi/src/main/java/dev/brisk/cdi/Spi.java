package dev.brisk.cdi;

import org.eclipse.microprofile.config.Config;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Finds the implementation of an SPI by the name configuration gives, the way OpenWhisk's SpiLoader does. */
public final class Spi {
    private Spi() {
    }

    public static <P> P load(Class<P> type, Function<P, String> nameOf, String name) {
        var providers = ServiceLoader.load(type);
        for (P p : providers) {
            if (nameOf.apply(p).equals(name)) {
                return p;
            }
        }
        String known = StreamSupport.stream(providers.spliterator(), false).map(nameOf)
                .collect(Collectors.joining(", "));
        throw new IllegalStateException("no " + type.getSimpleName() + " named '" + name + "' (available: " + known + ")");
    }

    /**
     * Every property under {@code prefix}, keyed without it: {@code brisk.store.path} becomes {@code path}.
     * Environment variables count too: {@code BRISK_STORE_DB_PREFIX} gives {@code db-prefix} (settings use dashes).
     */
    public static Map<String, String> settings(Config config, String prefix) {
        Map<String, String> settings = new TreeMap<>();
        String envPrefix = prefix.toUpperCase().replaceAll("[^A-Z0-9]", "_");
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
                String key = name.substring(envPrefix.length()).toLowerCase().replace('_', '-');
                config.getOptionalValue(name, String.class).ifPresent(v -> settings.putIfAbsent(key, v));
            }
        }
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix)) {
                // resolved through the config, so a higher-ordinal source (e.g. the environment) wins
                config.getOptionalValue(name, String.class).ifPresent(v -> settings.put(name.substring(prefix.length()), v));
            }
        }
        return settings;
    }
}
