package dev.brisk.runtimes.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seccomp filter every sandboxed action runs under, written once per factory as a BPF program for bubblewrap's
 * {@code --seccomp FD}. It is compiled by libseccomp (through its Debian Python bindings, {@code python3-seccomp},
 * run by the system's own {@code /usr/bin/python3}), not assembled here: which calls it refuses and why is in
 * {@code dev/brisk/runtimes/sandbox/seccomp_filter.py}.
 *
 * @param file    the BPF program, or null when it could not be made
 * @param problem why not, or null
 */
record SeccompFilter(Path file, String problem) {
    static final String SCRIPT = "/dev/brisk/runtimes/sandbox/seccomp_filter.py";

    boolean available() {
        return file != null;
    }

    /** Compiles the filter into a new temporary directory with {@code python}; never throws. */
    static SeccompFilter compile(String python) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("brisk-seccomp-");
            Path script = dir.resolve("seccomp_filter.py");
            try (InputStream in = SeccompFilter.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path bpf = dir.resolve("seccomp.bpf");
            // -I: nothing from the environment or a user's site-packages takes part in making the filter
            Process p = new ProcessBuilder(List.of(python, "-I", script.toString(), bpf.toString()))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                ProcessContainer.deleteTree(dir);
                return new SeccompFilter(null, "the seccomp filter compiler did not finish within 30 s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(bpf) || Files.size(bpf) == 0) {
                String last = output.lines().reduce((a, b) -> b).orElse("");
                ProcessContainer.deleteTree(dir);
                return new SeccompFilter(null, "cannot compile the seccomp filter with " + python
                        + " (install python3-seccomp): " + last);
            }
            return new SeccompFilter(bpf, null);
        } catch (IOException e) {
            if (dir != null) {
                ProcessContainer.deleteTree(dir);
            }
            return new SeccompFilter(null, "cannot compile the seccomp filter with " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SeccompFilter(null, "interrupted while compiling the seccomp filter");
        }
    }

    /** Removes the filter's file. */
    void delete() {
        if (file != null) {
            ProcessContainer.deleteTree(file.getParent());
        }
    }

    /** {@code command} with the filter open on file descriptor {@link Bubblewrap#SECCOMP_FD}, as bwrap reads it. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "exec \"$0\" \"$@\" " + Bubblewrap.SECCOMP_FD + "< " + Shell.quote(file.toString())));
        wrapped.addAll(command);
        return wrapped;
    }
}
