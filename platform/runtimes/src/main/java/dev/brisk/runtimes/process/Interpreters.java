package dev.brisk.runtimes.process;

import dev.brisk.core.container.ContainerException;
import dev.brisk.runtime.java.JavaActionProxy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where each kind's interpreter and the Java proxy's class path are on this host, found once. Settings: {@code node}
 * (default {@code node} on PATH), {@code python} (default {@code python3} on PATH), {@code java} (default the
 * invoker's own {@code <java.home>/bin/java}), {@code java-classpath} (default the proxy and Gson jars this class was
 * loaded with: a jar in {@code libs/}, a local-repository jar, or a {@code classes} directory in a reactor build; a
 * jar nested inside another one is extracted once to a temporary directory).
 */
final class Interpreters implements AutoCloseable {
    private final Map<String, String> settings;
    private final Map<String, String> found = new ConcurrentHashMap<>();
    private volatile List<Path> javaClassPath;
    private volatile Path extractedJars;

    Interpreters(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    private String setting(String key, String fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /**
     * The interpreter's real executable, asked once per family: version-manager shims (pyenv, nvm) need their own
     * HOME and environment, which the container does not have.
     */
    String interpreter(String family) {
        return found.computeIfAbsent(family, f -> {
            if (f.equals("java")) {
                String configured = setting("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
                String path = onPath(configured).orElseThrow(
                        () -> new ContainerException(configured + " not found: set the factory setting java"));
                try {
                    return Path.of(path).toRealPath().toString();
                } catch (IOException e) {
                    return path;
                }
            }
            boolean node = f.equals("nodejs");
            String configured = setting(node ? "node" : "python", node ? "node" : "python3");
            String path = onPath(configured).orElseThrow(
                    () -> new ContainerException(configured + " not found: set the factory setting " + (node ? "node" : "python")));
            List<String> ask = node ? List.of(path, "-e", "process.stdout.write(process.execPath)")
                    : List.of(path, "-c", "import sys; sys.stdout.write(sys.executable)");
            try {
                Process p = new ProcessBuilder(ask).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String real = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !real.isEmpty() ? real : path;
            } catch (IOException e) {
                throw new ContainerException("cannot run " + path + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return path;
            }
        });
    }

    static Optional<String> onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program)) ? Optional.of(program) : Optional.empty();
        }
        return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /** The Java proxy's class path: the setting {@code java-classpath}, else the proxy's and Gson's own jars. */
    List<Path> javaClassPath() {
        List<Path> known = javaClassPath;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (javaClassPath == null) {
                String configured = settings.get("java-classpath");
                javaClassPath = configured != null && !configured.isBlank()
                        ? Stream.of(configured.trim().split(File.pathSeparator)).filter(s -> !s.isBlank())
                        .map(s -> Path.of(s).toAbsolutePath()).toList()
                        : List.of(locate(JavaActionProxy.class), locate(com.google.gson.JsonObject.class));
            }
            return javaClassPath;
        }
    }

    /**
     * The jar or classes directory a class was loaded from. A jar nested in another (a {@code jar:} location, as
     * fat-jar launchers report) is copied out to a temporary directory once.
     */
    private Path locate(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            throw new ContainerException("cannot locate the jar of " + type.getName() + ": set the factory setting java-classpath");
        }
        try {
            if (location.getProtocol().equals("file")) {
                Path path = Path.of(location.toURI());
                if (Files.exists(path)) {
                    return path.toRealPath();
                }
            }
            String url = location.toString();
            if (url.endsWith("!/")) {
                location = URI.create(url.substring(0, url.length() - 2)).toURL();
            }
            if (extractedJars == null) {
                extractedJars = Files.createTempDirectory("brisk-java-proxy-").toRealPath();
            }
            String name = location.getPath().substring(location.getPath().lastIndexOf('/') + 1);
            Path target = extractedJars.resolve(name.endsWith(".jar") ? name : type.getSimpleName() + ".jar");
            try (InputStream in = location.openStream()) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (var jar = new java.util.jar.JarFile(target.toFile())) {
                if (jar.getEntry(type.getName().replace('.', '/') + ".class") == null) {
                    throw new IOException(location + " does not hold " + type.getName());
                }
            }
            return target;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new ContainerException("cannot locate the jar of " + type.getName() + " (" + location + "): "
                    + e.getMessage() + "; set the factory setting java-classpath", e);
        }
    }

    @Override
    public void close() {
        if (extractedJars != null) {
            ProcessContainer.deleteTree(extractedJars);
        }
    }
}
