package dev.brisk.runtimes.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends SIGSTOP/SIGCONT through one long-lived shell whose {@code kill} is a builtin: suspending or resuming a
 * container costs a pipe round trip instead of starting a {@code kill} process (tens of ms on a busy machine, on
 * the activation's path when a paused container is resumed). Falls back to a {@code kill} process if the shell dies.
 */
final class Signals implements AutoCloseable {
    private static final String LOOP = "while read -r sig pids; do kill -s \"$sig\" $pids 2>/dev/null; echo .; done";

    private Process shell;
    private OutputStream in;
    private BufferedReader out;

    /** Signals {@code pids} in order; {@code signal} is STOP or CONT. */
    synchronized void send(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder(signal);
        pids.forEach(p -> line.append(' ').append(p));
        try {
            if (shell == null || !shell.isAlive()) {
                start();
            }
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            if (out.readLine() != null) {
                return;
            }
        } catch (IOException e) {
            // the shell is gone: one kill process instead
        }
        stop();
        fork(signal, pids);
    }

    private void start() throws IOException {
        shell = new ProcessBuilder("sh", "-c", LOOP).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        in = shell.getOutputStream();
        out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void fork(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): suspension is best effort, the container still works unfrozen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code pid} and its descendants, parents first, from /proc's children lists (no scan of every process on the
     * machine, which {@link ProcessHandle#descendants()} does).
     */
    static List<Long> tree(ProcessHandle root) {
        List<Long> all = new ArrayList<>();
        ArrayDeque<Long> todo = new ArrayDeque<>(List.of(root.pid()));
        while (!todo.isEmpty() && all.size() < 256) {
            long pid = todo.poll();
            all.add(pid);
            try {
                String children = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid),
                        "children")).trim();
                if (!children.isEmpty()) {
                    for (String c : children.split("\\s+")) {
                        todo.add(Long.parseLong(c));
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (pid == root.pid()) {
                    // no children lists here: the slow way
                    all.addAll(root.descendants().map(ProcessHandle::pid).toList());
                    return all;
                }
            }
        }
        return all;
    }

    private synchronized void stop() {
        if (shell != null) {
            shell.destroyForcibly();
            shell = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
