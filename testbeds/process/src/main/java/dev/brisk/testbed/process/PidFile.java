package dev.brisk.testbed.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes a testbed started, one per line ({@code pid startEpochMillis name}), so that {@code down} can end
 * them even after the testbed's JVM died by SIGKILL. The start time guards against a recycled pid: a process is
 * only killed when both match.
 */
final class PidFile {
    private final Path file;

    PidFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Replaces the file with the given processes (atomically). */
    synchronized void write(Map<ProcessHandle, String> processes) {
        StringBuilder sb = new StringBuilder();
        processes.forEach((h, name) -> startMillis(h).ifPresent(start ->
                sb.append(h.pid()).append(' ').append(start).append(' ').append(name.replace(' ', '_')).append('\n')));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("[testbed] cannot write " + file + ": " + e);
        }
    }

    /** The recorded processes that still run (same pid and start time), with their names. */
    static Map<ProcessHandle, String> alive(Path file) throws IOException {
        Map<ProcessHandle, String> result = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split(" ", 3);
            if (f.length < 2) {
                continue;
            }
            try {
                long pid = Long.parseLong(f[0]);
                long start = Long.parseLong(f[1]);
                Optional<ProcessHandle> h = ProcessHandle.of(pid);
                if (h.isPresent() && h.get().isAlive() && startMillis(h.get()).map(s -> s == start).orElse(false)) {
                    result.put(h.get(), f.length > 2 ? f[2] : "?");
                }
            } catch (NumberFormatException ignored) {
                // not a pid line
            }
        }
        return result;
    }

    /** Kills (SIGKILL) the recorded processes that still run; returns how many. */
    static List<String> killAlive(Path file) throws IOException, InterruptedException {
        Map<ProcessHandle, String> alive = alive(file);
        List<String> killed = new ArrayList<>();
        alive.forEach((h, name) -> killed.add(name + " (pid " + h.pid() + ")"));
        ServiceProcess.killAll(List.copyOf(alive.keySet()));
        return killed;
    }

    static Optional<Long> startMillis(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli);
    }
}
