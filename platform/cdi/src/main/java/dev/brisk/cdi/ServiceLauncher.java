package dev.brisk.cdi;

import io.helidon.microprofile.server.Server;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Starts a Helidon MP service with a service's own defaults under everything the user sets (system properties,
 * environment variables, {@code microprofile-config.properties}), so one jar can default to CouchDB and Kafka
 * while the standalone jar defaults to the embedded store and in-process bus.
 */
public final class ServiceLauncher {
    /** Below {@code microprofile-config.properties} (100), environment (300) and system properties (400). */
    private static final int DEFAULTS_ORDINAL = 50;

    private ServiceLauncher() {
    }

    public static Server start(String defaultsResource) {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        Config config = resolver.getBuilder().addDefaultSources().addDiscoveredSources().addDiscoveredConverters()
                .withSources(new Defaults(defaultsResource, load(defaultsResource))).build();
        resolver.registerConfig(config, Thread.currentThread().getContextClassLoader());
        return Server.builder().config(config).build().start();
    }

    private static Map<String, String> load(String resource) {
        Properties p = new Properties();
        try (InputStream in = ServiceLauncher.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing defaults resource " + resource);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private record Defaults(String name, Map<String, String> values) implements ConfigSource {
        @Override
        public Map<String, String> getProperties() {
            return values;
        }

        @Override
        public Set<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public String getValue(String key) {
            return values.get(key);
        }

        @Override
        public String getName() {
            return "defaults:" + name;
        }

        @Override
        public int getOrdinal() {
            return DEFAULTS_ORDINAL;
        }
    }
}
