package dev.brisk.testbed.process;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the repository root, the service jars in it, and commands on the PATH. */
final class Locations {
    private Locations() {
    }

    /**
     * The repository root: system property {@code brisk.root}, else the first directory above this class's location
     * or the working directory that holds {@code platform/controller/pom.xml}.
     */
    static Path root() {
        String configured = System.getProperty("brisk.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(Locations.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException ignored) {
            // no code source: rely on the working directory
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("platform/controller/pom.xml"))) {
                    return dir;
                }
            }
        }
        throw new IllegalStateException("cannot find the Brisk repository root above " + starts
                + "; set -Dbrisk.root=DIR");
    }

    /** An explicit path, else system property {@code property}, else {@code relative} to the repository root. */
    static Path jar(Path explicit, String property, String relative) {
        if (explicit != null) {
            return explicit.toAbsolutePath();
        }
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return root().resolve(relative);
    }

    /** The absolute path of a command (as given when it has a slash), searching the PATH and /usr/sbin. */
    static String command(String name) {
        if (name.contains("/")) {
            if (Files.isExecutable(Path.of(name))) {
                return name;
            }
            throw new IllegalStateException(name + " is not executable");
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " not found on the PATH (Debian: apt-get install " + name
                + "; ci/testbed installs it when run as root)");
    }
}
