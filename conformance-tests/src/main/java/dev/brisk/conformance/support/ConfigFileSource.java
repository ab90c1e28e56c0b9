package dev.brisk.conformance.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Optional properties file named by the system property {@code brisk.config-file} or the environment variable
 * {@code BRISK_CONFIG_FILE} ({@code --config FILE} on the command line). When neither is set, a
 * {@code microprofile-config.properties} in the working directory is used if it exists. Registered through
 * {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}. Its ordinal (150) is below environment
 * variables (300) and system properties (400) and above the properties bundled in the jar (100).
 */
public final class ConfigFileSource implements ConfigSource {

    public static final String PROPERTY = "brisk.config-file";

    private final Map<String, String> values;
    private final String name;

    public ConfigFileSource() {
        Path file = locate();
        this.name = "brisk config file " + (file == null ? "(none)" : file);
        this.values = file == null ? Map.of() : load(file);
    }

    private static Path locate() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv("BRISK_CONFIG_FILE");
        }
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit.trim());
        }
        Path local = Path.of("microprofile-config.properties");
        return Files.isRegularFile(local) ? local : null;
    }

    private static Map<String, String> load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + file, e);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return Map.copyOf(m);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
