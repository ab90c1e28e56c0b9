package dev.brisk.runtimes.process;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a sandboxed action sees of the host, as bubblewrap arguments: the system's programs and libraries
 * ({@code /usr} and its merged-usr links), an allow-list of {@code /etc} (name resolution, TLS roots, the dynamic
 * linker; not {@code shadow}, {@code ssh} or anyone's configuration), and read-only the installation of each
 * interpreter and jar it runs with. Nothing else: no {@code /root}, {@code /home}, {@code /work}, {@code /opt},
 * {@code /var}, {@code /run}, {@code /sys}, no source tree and no other container's directory. An OpenWhisk action
 * sees its runtime image, not the invoker host; this is the closest a process sandbox gets.
 */
final class SandboxMounts {
    private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> ETC = List.of("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "ssl", "ca-certificates",
            "ca-certificates.conf", "pki", "crypto-policies", "resolv.conf", "hosts", "host.conf", "nsswitch.conf",
            "gai.conf", "services", "protocols", "passwd", "group", "localtime", "timezone", "alternatives",
            "mime.types", "os-release", "debian_version");

    private SandboxMounts() {
    }

    /** bubblewrap arguments that mount the system part: {@code /usr} and the {@code /etc} allow-list. */
    static List<String> system() {
        List<String> args = new ArrayList<>();
        for (String dir : SYSTEM) {
            Path p = Path.of(dir);
            if (Files.isSymbolicLink(p)) { // merged /usr: /bin -> usr/bin
                args.addAll(List.of("--symlink", readLink(p), dir));
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                args.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        args.addAll(List.of("--perms", "0755", "--dir", "/etc"));
        for (String name : ETC) {
            args.addAll(List.of("--ro-bind-try", "/etc/" + name, "/etc/" + name));
        }
        return args;
    }

    /**
     * bubblewrap arguments that mount each runtime's installation read-only; they come after the tmpfs mounts so
     * that one under {@code /tmp} or the work-dir root stays visible.
     *
     * @param runtimes interpreters' executables and class-path entries
     */
    static List<String> runtimes(Collection<Path> runtimes) {
        List<String> args = new ArrayList<>();
        Set<Path> made = new LinkedHashSet<>();
        for (Path root : installations(runtimes)) {
            args.addAll(wayTo(root, made));
            args.addAll(List.of("--ro-bind", root.toString(), root.toString()));
        }
        return args;
    }

    /**
     * bubblewrap arguments that make the directories on the way to {@code target} world-searchable: bubblewrap
     * makes them {@code 0700}, which keeps an action's unprivileged uid out of what is mounted below them (a pyenv
     * installation under {@code /root}, its own home). In the sandbox they hold only the way down.
     *
     * @param made directories already made by earlier arguments, updated
     */
    static List<String> wayTo(Path target, Set<Path> made) {
        List<String> args = new ArrayList<>();
        for (int i = 1; i < target.getNameCount(); i++) {
            Path ancestor = target.getRoot().resolve(target.subpath(0, i));
            if (!Files.isSymbolicLink(ancestor) && !isSystem(ancestor) && made.add(ancestor)) {
                args.addAll(List.of("--perms", "0755", "--dir", ancestor.toString()));
            }
        }
        return args;
    }

    /** A directory mounted whole by {@link #system()} or given its own mount before the runtimes: left as it is. */
    private static boolean isSystem(Path dir) {
        return SYSTEM.stream().anyMatch(s -> dir.startsWith(s)) || dir.equals(Path.of("/tmp"));
    }

    /**
     * Where each runtime lives outside {@code /usr}: an interpreter {@code <prefix>/bin/x} brings its whole prefix
     * (a pyenv or nvm installation, a JDK), a jar or classes directory only itself.
     */
    static Set<Path> installations(Collection<Path> runtimes) {
        Set<Path> roots = new LinkedHashSet<>();
        for (Path runtime : runtimes) {
            Path p = runtime.toAbsolutePath().normalize();
            if (p.startsWith("/usr") || !Files.exists(p)) {
                continue;
            }
            Path parent = p.getParent();
            boolean executable = !Files.isDirectory(p) && !p.toString().endsWith(".jar")
                    && parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("bin")
                    && parent.getParent() != null && parent.getParent().getNameCount() >= 2;
            roots.add(executable ? parent.getParent() : p);
        }
        return roots;
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
