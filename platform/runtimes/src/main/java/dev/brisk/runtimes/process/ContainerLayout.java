package dev.brisk.runtimes.process;

import java.nio.file.Path;

/**
 * Where a process container's files are on the host. Inside the sandbox the same paths are used, but only
 * {@link #home()} (a size-bounded tmpfs there), {@link #runDir()} and the proxy script are mounted: the directory
 * itself, and so {@link #controlSocket()}, is out of the action's sight.
 *
 * <p>The proxy binds its socket in {@link #runDir()} before any action code runs; the invoker then moves it to
 * {@link #controlSocket()} and takes the run directory back, so nothing the action can write, rename or replace is
 * ever on the invoker's path to the container (a symlink planted there cannot redirect it to another container).
 *
 * @param dir the container's directory on the host, {@code <work-dir>/<jvm pid>-<n>}
 */
record ContainerLayout(Path dir) {
    /** Where the proxy binds its socket ({@code __OW_PROXY_SOCKET}); writable by the action only until then. */
    Path runDir() {
        return dir.resolve("run");
    }

    Path proxySocket() {
        return runDir().resolve("proxy.sock");
    }

    /** The bound socket after the invoker moved it out of the run directory: what it connects to. */
    Path controlSocket() {
        return dir.resolve("control.sock");
    }

    /** {@code $HOME} and the working directory of the action. */
    Path home() {
        return dir.resolve("home");
    }

    /** The action proxy's script (Node.js, Python), read-only inside. */
    Path proxyScript(String name) {
        return dir.resolve(name);
    }
}
