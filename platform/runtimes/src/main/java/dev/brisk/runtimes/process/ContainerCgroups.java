package dev.brisk.runtimes.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Bounds each process container the way {@code docker run --pids-limit N --memory M} bounds a Docker one, with
 * cgroups: the {@code pids} controller caps its processes and threads (a fork bomb meets EAGAIN at the limit instead
 * of filling the host's process table), the {@code memory} controller caps its memory at the action's limit (the
 * kernel's OOM killer ends an action allocating past it, whatever its language). Cgroup v1 (one hierarchy per
 * controller under {@code /sys/fs/cgroup/<controller>}) and v2 (the unified hierarchy, where the invoker's cgroup
 * delegates the controller) both work; each controller is used when it can be, independently of the other.
 *
 * <p>One parent cgroup per invoker JVM and hierarchy ({@code brisk-<pid>}), one child per container; a container's
 * command is wrapped in {@code /bin/sh -c 'echo $$ > .../cgroup.procs && ... && exec "$0" "$@"'} so that it and
 * everything it forks start inside the children, before any action code runs. RLIMIT_NPROC and RLIMIT_AS are no
 * substitute: the first counts per user across the host (and root, the usual invoker, is exempt), the second turns
 * exhaustion into an error the action may catch and counts address space, not memory.
 */
final class ContainerCgroups {
    private static final System.Logger LOG = System.getLogger(ContainerCgroups.class.getName());
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    enum Controller {
        PIDS("pids"), MEMORY("memory"),
        /** v1 only: in v2 every cgroup can freeze ({@code cgroup.freeze}). */
        FREEZER("freezer");

        final String name;

        Controller(String name) {
            this.name = name;
        }
    }

    /** Where a controller is: its parent directory for this JVM, and whether it is the unified (v2) hierarchy. */
    private record Hierarchy(Path parent, boolean unified) {
    }

    private final Map<Controller, Hierarchy> hierarchies;
    private final long pidsLimit;
    private final String status;

    private ContainerCgroups(Map<Controller, Hierarchy> hierarchies, long pidsLimit, String status) {
        this.hierarchies = hierarchies;
        this.pidsLimit = pidsLimit;
        this.status = status;
    }

    /**
     * The cgroups this JVM can give its containers: {@code pids} unless {@code pidsLimit} is 0, {@code memory} when
     * asked. What cannot be used is left out, and {@link #status()} says why.
     */
    static ContainerCgroups open(long pidsLimit, boolean memory) {
        Map<Controller, Hierarchy> usable = new EnumMap<>(Controller.class);
        List<String> notes = new ArrayList<>();
        List<Controller> wanted = new ArrayList<>();
        if (pidsLimit > 0) {
            wanted.add(Controller.PIDS);
        } else {
            notes.add("no pids limit (pids-limit=0)");
        }
        if (memory) {
            wanted.add(Controller.MEMORY);
        } else {
            notes.add("no memory limit (memory-limit=false)");
        }
        wanted.add(Controller.FREEZER);
        for (Controller controller : wanted) {
            try {
                Optional<Hierarchy> found = hierarchy(controller);
                if (controller == Controller.FREEZER) { // suspend falls back to signals without it: no note
                    if (found.isPresent() && !found.get().unified()) {
                        Files.createDirectories(found.get().parent());
                        usable.put(controller, found.get());
                    }
                    continue;
                }
                if (found.isEmpty()) {
                    notes.add("no " + controller.name + " cgroup controller available");
                    continue;
                }
                Hierarchy hierarchy = found.get();
                Files.createDirectories(hierarchy.parent());
                if (hierarchy.unified()) { // v2: let the children use the controller
                    Files.writeString(hierarchy.parent().resolve("cgroup.subtree_control"), "+" + controller.name);
                }
                String problem = probe(controller, hierarchy, pidsLimit);
                if (problem != null) {
                    notes.add(problem);
                    if (usable.values().stream().noneMatch(h -> h.parent().equals(hierarchy.parent()))) {
                        deleteParent(hierarchy.parent(), false); // v2: the other controller may share it
                    }
                    continue;
                }
                usable.put(controller, hierarchy);
            } catch (IOException | RuntimeException e) {
                notes.add("cannot create a " + controller.name + " cgroup: " + e);
            }
        }
        String status = usable.keySet().stream().filter(c -> c != Controller.FREEZER)
                .map(c -> c == Controller.PIDS ? "pids limit " + pidsLimit : "memory limit per action")
                .collect(Collectors.joining(", "));
        if (!notes.isEmpty()) {
            status = (status.isEmpty() ? "" : status + "; ") + String.join("; ", notes);
        }
        return new ContainerCgroups(usable, pidsLimit, status);
    }

    /** This JVM's parent directory for {@code controller}: v1 when mounted, else v2 when delegated to this cgroup. */
    private static Optional<Hierarchy> hierarchy(Controller controller) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8);
        String parentName = "brisk-" + ProcessHandle.current().pid();
        Path v1 = ROOT.resolve(controller.name);
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller.name) && Files.isDirectory(v1)) {
                Path own = v1.resolve(parts[2].substring(1));
                if (!Files.isDirectory(own)) {
                    own = v1; // a cgroup namespace shows its root as '/'
                }
                removeStale(own);
                return Optional.of(new Hierarchy(own.resolve(parentName), false));
            }
        }
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && parts[0].equals("0") && parts[1].isEmpty()) {
                Path own = ROOT.resolve(parts[2].substring(1));
                Path delegated = own.resolve("cgroup.subtree_control");
                if (Files.exists(delegated) && List.of(Files.readString(delegated).trim().split(" "))
                        .contains(controller.name)) {
                    removeStale(own);
                    return Optional.of(new Hierarchy(own.resolve(parentName), true));
                }
            }
        }
        return Optional.empty();
    }

    /** Parents left by invokers that were killed (SIGKILL skips {@link #close()}): their JVM is gone. */
    private static void removeStale(Path base) {
        try (Stream<Path> dirs = Files.list(base)) {
            dirs.filter(d -> d.getFileName().toString().matches("brisk-\\d+"))
                    .filter(d -> ProcessHandle.of(Long.parseLong(d.getFileName().toString().substring(6)))
                            .map(h -> !h.isAlive()).orElse(true))
                    .forEach(d -> deleteParent(d, false));
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /** Runs {@code cat <limit file>} inside a probe cgroup: null when the limit reads back from inside, else why not. */
    private static String probe(Controller controller, Hierarchy hierarchy, long pidsLimit) {
        Path dir = hierarchy.parent().resolve("probe");
        try {
            Files.createDirectories(dir);
            String expected = controller == Controller.PIDS ? Long.toString(pidsLimit) : Long.toString(64L << 20);
            Path limitFile = controller == Controller.PIDS ? dir.resolve("pids.max")
                    : dir.resolve(hierarchy.unified() ? "memory.max" : "memory.limit_in_bytes");
            Files.writeString(limitFile, expected);
            Process p = new ProcessBuilder(wrap(List.of(dir), List.of("cat", limitFile.toString())))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "cannot join a " + controller.name + " cgroup: " + out;
            }
            return out.equals(expected) ? null : controller.name + " limit reads '" + out + "', not " + expected;
        } catch (IOException e) {
            return "cannot use a " + controller.name + " cgroup: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing the " + controller.name + " cgroup";
        } finally {
            remove(new Group(List.of(dir), null));
        }
    }

    /**
     * What a container got: its directories (one per hierarchy), the one with its memory accounting, if any, and
     * the one that can freeze it (its v2 directory, or its v1 freezer directory), if any.
     */
    record Group(List<Path> dirs, Path memory, Path freezer) {
        Group(List<Path> dirs, Path memory) {
            this(dirs, memory, null);
        }

        /** Whether the kernel's OOM killer ended a process of this container. */
        boolean oomKilled() {
            if (memory == null) {
                return false;
            }
            for (String file : List.of("memory.events", "memory.oom_control")) { // v2, v1
                try {
                    for (String line : Files.readAllLines(memory.resolve(file))) {
                        if (line.startsWith("oom_kill ") && Long.parseLong(line.substring(9).trim()) > 0) {
                            return true;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // not this version's file
                }
            }
            return false;
        }

        /**
         * The memory the container holds, as the kernel charges it: its processes' and its tmpfs files' (what
         * {@code /proc/<pid>/status} misses), or empty without a memory cgroup.
         */
        java.util.OptionalLong memoryBytes() {
            if (memory != null) {
                for (String file : List.of("memory.current", "memory.usage_in_bytes")) { // v2, v1
                    try {
                        return java.util.OptionalLong.of(Long.parseLong(Files.readString(memory.resolve(file)).trim()));
                    } catch (IOException | RuntimeException e) {
                        // not this version's file
                    }
                }
            }
            return java.util.OptionalLong.empty();
        }

        /**
         * Freezes or thaws every process of the container at once (v2's {@code cgroup.freeze}): unlike a signal to
         * each process found, nothing forked meanwhile escapes. False when there is no v2 cgroup to do it.
         */
        boolean freeze(boolean frozen) {
            if (freezer == null) {
                return false;
            }
            boolean v1 = Files.exists(freezer.resolve("freezer.state"));
            try {
                if (v1) {
                    Files.writeString(freezer.resolve("freezer.state"), frozen ? "FROZEN" : "THAWED");
                } else {
                    Files.writeString(freezer.resolve("cgroup.freeze"), frozen ? "1" : "0");
                }
                // as docker pause: done when the kernel says every task is frozen, not when asked
                for (int i = 0; frozen && i < 200 && !isFrozen(v1); i++) {
                    Thread.sleep(5);
                }
                return !frozen || isFrozen(v1);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private boolean isFrozen(boolean v1) throws IOException {
            return v1 ? Files.readString(freezer.resolve("freezer.state")).trim().equals("FROZEN")
                    : Files.readAllLines(freezer.resolve("cgroup.events")).contains("frozen 1");
        }
    }

    /** New child cgroups for a container: the pids limit, and {@code memoryBytes} of memory when above 0. */
    Group create(String name, long memoryBytes) throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        Path memoryDir = null;
        Path freezerDir = null;
        try {
            Hierarchy pids = hierarchies.get(Controller.PIDS);
            if (pids != null) {
                Path dir = pids.parent().resolve(name);
                dirs.add(dir);
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("pids.max"), Long.toString(pidsLimit));
                freezerDir = pids.unified() ? dir : null;
            }
            Hierarchy memory = hierarchies.get(Controller.MEMORY);
            if (memory != null && memoryBytes > 0) {
                Path dir = memory.parent().resolve(name);
                dirs.add(dir);
                Files.createDirectories(dir);
                memoryDir = dir;
                if (memory.unified()) {
                    freezerDir = dir;
                    Files.writeString(dir.resolve("memory.max"), Long.toString(memoryBytes));
                    writeIfPresent(dir.resolve("memory.swap.max"), "0"); // as docker's --memory-swap equal to --memory
                } else {
                    Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                    writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
                }
            }
            Hierarchy freezer = hierarchies.get(Controller.FREEZER);
            if (freezer != null) {
                Path dir = freezer.parent().resolve(name);
                dirs.add(dir);
                Files.createDirectories(dir);
                freezerDir = dir;
            }
        } catch (IOException | RuntimeException e) {
            remove(new Group(List.copyOf(dirs), null));
            throw e;
        }
        return new Group(List.copyOf(dirs), memoryDir, freezerDir);
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            Files.writeString(file, value);
        }
    }

    /** {@code command}, entering {@code dirs} first: the shell moves itself in, then becomes the command. */
    static List<String> wrap(List<Path> dirs, List<String> command) {
        if (dirs.isEmpty()) {
            return command;
        }
        String enter = dirs.stream().map(d -> "echo $$ > " + Shell.quote(d.resolve("cgroup.procs").toString()))
                .collect(Collectors.joining(" && "));
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", enter + " && exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Kills what is left in the container's cgroups and removes them; retried briefly while its tasks exit. */
    static void remove(Group group) {
        for (Path dir : group.dirs()) {
            removeDir(dir);
        }
    }

    private static void removeDir(Path dir) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                if (Files.exists(dir.resolve("freezer.state"))) { // v1 holds SIGKILL back from frozen tasks
                    Files.writeString(dir.resolve("freezer.state"), "THAWED");
                }
                for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
                Files.delete(dir);
                return;
            } catch (NoSuchFileException gone) {
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
        LOG.log(System.Logger.Level.WARNING, "could not remove the cgroup " + dir);
    }

    /** Whether any controller is in use. */
    boolean active() {
        return !hierarchies.isEmpty();
    }

    boolean limits(Controller controller) {
        return hierarchies.containsKey(controller);
    }

    /** What containers are bounded by, and why a wanted bound is missing. */
    String status() {
        return status;
    }

    /** Removes the parents and whatever children are left (at shutdown). */
    void close() {
        hierarchies.values().stream().map(Hierarchy::parent).distinct().forEach(p -> deleteParent(p, true));
    }

    private static void deleteParent(Path parent, boolean warn) {
        try (Stream<Path> children = Files.list(parent)) {
            children.filter(Files::isDirectory).forEach(ContainerCgroups::removeDir);
        } catch (IOException | RuntimeException e) {
            // gone already
        }
        try {
            Files.deleteIfExists(parent);
        } catch (IOException e) {
            if (warn) {
                LOG.log(System.Logger.Level.WARNING, "could not remove the cgroup " + parent + ": " + e);
            }
        }
    }

    @Override
    public String toString() {
        return status;
    }
}
