package dev.brisk.testbed.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies the controller and invoker jars (each with its libs/) so a long run is immune to a rebuild meanwhile. */
final class SoakJars {
    private SoakJars() {
    }

    /** Answers the directory holding {@code controller/brisk-controller.jar} and {@code invoker/brisk-invoker.jar}. */
    static Path copy(Path target) throws IOException {
        copyJar(Path.of(System.getProperty("brisk.controller.jar")), target.resolve("controller"));
        copyJar(Path.of(System.getProperty("brisk.invoker.jar")), target.resolve("invoker"));
        return target;
    }

    private static void copyJar(Path jar, Path dir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("not built: " + jar);
        }
        Files.createDirectories(dir.resolve("libs"));
        Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> libs = Files.list(jar.resolveSibling("libs"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, dir.resolve("libs").resolve(lib.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
