package dev.brisk.runtimes.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The bubblewrap command line of a process container: what of the host it sees ({@link SandboxMounts}), what it may
 * write, and who it runs as.
 *
 * <ul>
 *   <li>Files: the system's programs and libraries and each runtime's installation, read-only; fresh {@code /dev}
 *       and {@code /proc}; {@code /tmp}, {@code /dev/shm} and {@code $HOME} are tmpfs of a bounded size (and charged
 *       to the container's memory cgroup), so nothing an action writes reaches the host's disk; the run directory
 *       (the proxy's socket) is the only host directory mounted writable, and only until the socket is bound. The
 *       root is remounted read-only.</li>
 *   <li>Who: when the invoker is root, bubblewrap keeps only the capabilities {@code setpriv} needs, and
 *       {@code setpriv} then becomes the container's own unprivileged host uid ({@link ActionUids}) with empty
 *       capability sets, an empty bounding set and {@code no_new_privs}; the mounts belong to the host's user
 *       namespace, so they cannot be remounted. Otherwise the invoker's user is already unprivileged: a new user
 *       namespace with every capability dropped and further user namespaces disabled.</li>
 *   <li>Calls: the {@link SeccompFilter} (no mount, unshare, setns, ptrace, keyctl, bpf, module loading, ...).</li>
 *   <li>Namespaces: new PID, IPC, UTS and cgroup namespaces, and network unless {@code network}.</li>
 * </ul>
 */
final class Bubblewrap implements AutoCloseable {
    /** One digit: dash, Debian's /bin/sh, redirects no higher descriptor. */
    static final int SECCOMP_FD = 9;
    private static final List<String> SETPRIV_CAPABILITIES = List.of("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP");

    private final String bwrap;
    private final String setpriv;
    private final boolean network;
    private final SeccompFilter seccomp;

    /**
     * @param setpriv {@code setpriv} when the invoker is root and actions get uids of their own, else null
     * @param seccomp the filter, or null to run without one
     */
    Bubblewrap(String bwrap, String setpriv, boolean network, SeccompFilter seccomp) {
        this.bwrap = bwrap;
        this.setpriv = setpriv;
        this.network = network;
        this.seccomp = seccomp != null && seccomp.available() ? seccomp : null;
    }

    /** Whether each container runs as a uid of its own (the invoker is root). */
    boolean ownUids() {
        return setpriv != null;
    }

    boolean filtered() {
        return seccomp != null;
    }

    /**
     * @param script     the proxy script to mount read-only, or null (Java)
     * @param runtimes   interpreters and class-path entries, mounted read-only with their installations
     * @param tmpfsBytes the size of each writable tmpfs
     * @param uid        the container's host uid when {@link #ownUids()}, else ignored
     * @param program    the proxy's command line
     */
    List<String> command(ContainerLayout layout, Path script, Collection<Path> runtimes, long tmpfsBytes, int uid,
                         List<String> program) {
        String size = Long.toString(tmpfsBytes);
        List<String> args = new ArrayList<>(List.of(bwrap));
        args.addAll(SandboxMounts.system());
        args.addAll(List.of("--dev", "/dev", "--proc", "/proc",
                "--perms", "1777", "--size", size, "--tmpfs", "/tmp",
                "--perms", "1777", "--size", size, "--tmpfs", "/dev/shm"));
        args.addAll(SandboxMounts.wayTo(layout.dir(), new java.util.HashSet<>()));
        args.addAll(List.of("--perms", "0755", "--dir", layout.dir().toString(),
                "--perms", "0777", "--size", size, "--tmpfs", layout.home().toString(),
                "--bind", layout.runDir().toString(), layout.runDir().toString()));
        if (script != null) {
            args.addAll(List.of("--ro-bind", script.toString(), script.toString()));
        }
        args.addAll(SandboxMounts.runtimes(runtimes)); // after the tmpfs mounts: one under /tmp stays visible
        args.addAll(List.of("--remount-ro", "/",
                "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"));
        if (!network) {
            args.add("--unshare-net");
        }
        if (ownUids()) {
            args.addAll(List.of("--cap-drop", "ALL"));
            SETPRIV_CAPABILITIES.forEach(c -> args.addAll(List.of("--cap-add", c)));
        } else {
            args.addAll(List.of("--unshare-user", "--disable-userns", "--cap-drop", "ALL"));
        }
        if (seccomp != null) {
            args.addAll(List.of("--seccomp", Integer.toString(SECCOMP_FD)));
        }
        args.addAll(List.of("--die-with-parent", "--new-session", "--chdir", layout.home().toString(), "--"));
        if (ownUids()) {
            args.addAll(List.of(setpriv, "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--no-new-privs", "--"));
        }
        args.addAll(program);
        return seccomp != null ? seccomp.wrap(args) : args;
    }

    /** Removes the seccomp filter's file. */
    @Override
    public void close() {
        if (seccomp != null) {
            seccomp.delete();
        }
    }

    /** Whether this JVM runs as root (then containers get uids of their own). */
    static boolean invokerIsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // the effective uid
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no /proc: not Linux, no bubblewrap either
        }
        return false;
    }
}
