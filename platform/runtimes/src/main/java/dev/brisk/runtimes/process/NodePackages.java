package dev.brisk.runtimes.process;

import dev.brisk.core.container.ContainerException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The npm packages Node.js actions can {@code require} without bringing them, as OpenWhisk's Node.js runtimes
 * pre-install them: the {@code openwhisk} client (apache/openwhisk docs/actions-nodejs.md; version and lock file in
 * {@code src/main/node}). The build installs them with npm and puts them in this jar under {@link #RESOURCES} with an
 * index; here they are extracted once to {@code <work-dir>/node-packages-<hash of the lock file>}, read-only, and
 * that directory's {@code node_modules} goes on the actions' {@code NODE_PATH} (after the action's own
 * {@code node_modules}, so a zip action's copy of a package wins, as in OpenWhisk). The setting
 * {@code node-modules} names another directory to use instead.
 */
final class NodePackages {
    static final String RESOURCES = "/dev/brisk/runtimes/nodejs/packages/";
    /** What {@link ProcessContainerFactory#cleanup()} keeps in the work directory. */
    static final Pattern CACHE_NAME = Pattern.compile("node-packages-[0-9a-f]{16}");
    /** A relative path of printable characters whose segments are not empty, {@code .} or {@code ..}. */
    private static final Pattern SAFE_ENTRY = Pattern.compile("(?!\\.{1,2}(/|$))[^/\\p{Cntrl}\\\\]+(/(?!\\.{1,2}(/|$))[^/\\p{Cntrl}\\\\]+)*");

    private final Path workDir;
    private final String configured;
    private volatile Path nodeModules;

    /**
     * @param workDir    where the packages are extracted (the factory's work directory)
     * @param configured the setting {@code node-modules}, or null/blank for the packages of this jar
     */
    NodePackages(Path workDir, String configured) {
        this.workDir = workDir;
        this.configured = configured == null || configured.isBlank() ? null : configured.trim();
    }

    /**
     * The directory for {@code NODE_PATH}, extracted on first use and again when it is gone: {@code /tmp} cleaners,
     * or an older invoker's cleanup of a shared work directory, may remove it.
     */
    Path nodeModules() {
        Path known = nodeModules;
        if (known != null && Files.isDirectory(known)) {
            return known;
        }
        synchronized (this) {
            if (nodeModules == null || !Files.isDirectory(nodeModules)) {
                nodeModules = configured != null ? existing(Path.of(configured)) : extract();
            }
            return nodeModules;
        }
    }

    private static Path existing(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ContainerException("node-modules " + dir + " is not a directory");
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new ContainerException("node-modules " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path extract() {
        byte[] lock = resource("package-lock.json");
        List<String> entries = new String(resource("index.txt"), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank()).toList();
        Path target = workDir.resolve("node-packages-" + sha256(lock).substring(0, 16));
        Path modules = target.resolve("node_modules");
        if (Files.isDirectory(modules)) {
            return modules; // extracted by an earlier start, or by another invoker sharing the work directory
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory(workDir, "node-packages-staging-");
            for (String entry : entries) {
                if (!isSafeEntry(entry)) {
                    throw new ContainerException("bad entry in the Node.js packages' index: " + entry);
                }
                Path file = staging.resolve("node_modules").resolve(entry);
                Files.createDirectories(file.getParent());
                try (InputStream in = open(entry)) {
                    Files.copy(in, file);
                }
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                if (!Files.isDirectory(modules)) {
                    throw new ContainerException(target + " exists but holds no node_modules: remove it");
                }
                return modules; // another invoker was quicker: its copy is the same (finally removes ours)
            }
            staging = null;
            readOnly(target);
            return modules;
        } catch (IOException e) {
            throw new ContainerException("cannot extract the Node.js packages to " + target + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                ProcessContainer.deleteTree(staging);
            }
        }
    }

    /** Whether an index entry stays inside {@code node_modules}: relative, no {@code .} or {@code ..} segment. */
    static boolean isSafeEntry(String entry) {
        return SAFE_ENTRY.matcher(entry).matches();
    }

    /** World-readable (each container has a uid of its own when the invoker is root), writable by nobody. */
    private static void readOnly(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
    }

    private InputStream open(String entry) {
        InputStream in = NodePackages.class.getResourceAsStream(RESOURCES + "node_modules/" + entry);
        if (in == null) {
            throw missing("node_modules/" + entry);
        }
        return in;
    }

    private static byte[] resource(String name) {
        try (InputStream in = NodePackages.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw missing(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ContainerException("cannot read " + RESOURCES + name + ": " + e.getMessage(), e);
        }
    }

    private static ContainerException missing(String name) {
        return new ContainerException("the Node.js runtime's packages are not in this build (" + RESOURCES + name
                + " is missing): build platform/runtimes with Maven, which installs them with npm, or set node-modules");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
