package dev.brisk.runtimes.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Caps the number of processes and threads of each action container with a cgroup of the {@code pids} controller
 * (v1 {@code /sys/fs/cgroup/pids}, or v2 where the invoker's cgroup delegates {@code pids}), the equivalent of
 * {@code docker run --pids-limit}: a fork bomb inside an action meets EAGAIN at the limit instead of filling the
 * host's process table. One parent cgroup per invoker JVM ({@code brisk-<pid>}), one child per container; a
 * container's command is wrapped in {@code /bin/sh -c 'echo $$ > cgroup.procs && exec ...'} so that it and
 * everything it forks start inside the child, before any action code runs.
 *
 * <p>RLIMIT_NPROC is no substitute: it counts per user across the host and root (the usual invoker) is exempt.
 */
final class PidsCgroup {
    private static final System.Logger LOG = System.getLogger(PidsCgroup.class.getName());
    private static final Path MOUNT_V1 = Path.of("/sys/fs/cgroup/pids");
    private static final Path MOUNT_V2 = Path.of("/sys/fs/cgroup");

    private final Path parent;
    private final long limit;

    private PidsCgroup(Path parent, long limit) {
        this.parent = parent;
        this.limit = limit;
    }

    /** A working pids cgroup for this JVM's containers, or the reason there is none. */
    static Result open(long limit) {
        if (limit <= 0) {
            return new Result(null, "pids limit disabled (pids-limit=0)");
        }
        try {
            Path base = ownCgroup().orElse(null);
            if (base == null) {
                return new Result(null, "no pids cgroup controller available");
            }
            removeStale(base);
            Path parent = base.resolve("brisk-" + ProcessHandle.current().pid());
            Files.createDirectories(parent);
            if (!Files.exists(parent.resolve("pids.max")) && Files.exists(parent.resolve("cgroup.subtree_control"))) {
                Files.writeString(parent.resolve("cgroup.subtree_control"), "+pids"); // v2: delegate to children
            }
            PidsCgroup cgroup = new PidsCgroup(parent, limit);
            String problem = cgroup.probe();
            if (problem != null) {
                deleteQuietly(parent);
                return new Result(null, problem);
            }
            return new Result(cgroup, null);
        } catch (IOException | RuntimeException e) {
            return new Result(null, "cannot create a pids cgroup: " + e);
        }
    }

    record Result(PidsCgroup cgroup, String problem) {
    }

    /** Parents left by invokers that were killed (SIGKILL skips {@link #close()}): their JVM is gone. */
    private static void removeStale(Path base) {
        try (Stream<Path> dirs = Files.list(base)) {
            dirs.filter(d -> d.getFileName().toString().matches("brisk-\\d+"))
                    .filter(d -> ProcessHandle.of(Long.parseLong(d.getFileName().toString().substring(6)))
                            .map(h -> !h.isAlive()).orElse(true))
                    .forEach(PidsCgroup::deleteQuietly);
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /** The cgroup directory of this process in the pids hierarchy (v1) or the unified one when it offers pids. */
    private static Optional<Path> ownCgroup() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains("pids") && Files.isDirectory(MOUNT_V1)) {
                return Optional.of(MOUNT_V1.resolve(parts[2].substring(1)));
            }
        }
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && parts[0].equals("0") && parts[1].isEmpty()) {
                Path dir = MOUNT_V2.resolve(parts[2].substring(1));
                Path controllers = dir.resolve("cgroup.subtree_control");
                if (Files.exists(controllers) && Files.readString(controllers).contains("pids")) {
                    return Optional.of(dir);
                }
            }
        }
        return Optional.empty();
    }

    /** Runs {@code true} in a probe cgroup: null when the limit is applied, else why not. */
    private String probe() {
        Path dir = null;
        try {
            dir = create("probe");
            Process p = new ProcessBuilder(wrap(dir, List.of("cat", dir.resolve("pids.max").toString())))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "cannot join a pids cgroup: " + out;
            }
            return out.equals(Long.toString(limit)) ? null : "pids.max reads '" + out + "'";
        } catch (IOException e) {
            return "cannot use a pids cgroup: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing the pids cgroup";
        } finally {
            if (dir != null) {
                remove(dir);
            }
        }
    }

    long limit() {
        return limit;
    }

    /** A new child cgroup limited to {@link #limit} tasks. */
    Path create(String name) throws IOException {
        Path dir = parent.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pids.max"), Long.toString(limit));
        return dir;
    }

    /** {@code command}, entering {@code dir} first: the shell moves itself in, then becomes the command. */
    static List<String> wrap(Path dir, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                dir.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Kills what is left in the cgroup and removes it; retried briefly while its tasks exit. */
    static void remove(Path dir) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
                Files.delete(dir);
                return;
            } catch (java.nio.file.NoSuchFileException gone) {
                return;
            } catch (IOException | RuntimeException busy) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        LOG.log(System.Logger.Level.WARNING, "could not remove the pids cgroup " + dir);
    }

    /** Removes the parent and whatever children are left (at shutdown). */
    void close() {
        deleteQuietly(parent);
    }

    private static void deleteQuietly(Path parent) {
        try (Stream<Path> children = Files.list(parent)) {
            children.filter(Files::isDirectory).forEach(PidsCgroup::remove);
        } catch (IOException | RuntimeException e) {
            // gone already
        }
        try {
            Files.deleteIfExists(parent);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove the pids cgroup " + parent + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "pids limit " + limit + " (" + parent + ")";
    }
}
