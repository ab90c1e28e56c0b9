package dev.brisk.core.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A host outside this one for network tests: a network namespace of the test's own joined by a veth pair, with a
 * listener in it ({@code 198.18.<n>.2}, the benchmarking range; the host side is {@code .1}) that answers every
 * connection with {@code HTTP/1.0 200} and the body {@code outside-ok}. Where {@code ip} or network namespaces are
 * not available (not root), {@link #address()} is null.
 */
public final class OutsideHost implements AutoCloseable {
    private static final int PORT = 18080;

    /** The URL of its HTTP answer, or null. */
    public String url() {
        return address == null ? null : "http://" + address + ":" + PORT + "/";
    }
    private final String namespace;
    private final String address;
    private Process listener;

    private OutsideHost(String namespace, String address) {
        this.namespace = namespace;
        this.address = address;
    }

    public static OutsideHost start() {
        long n = ProcessHandle.current().pid() % 250 + 1;
        String ns = "brisk-out-" + ProcessHandle.current().pid();
        String host = "bo" + ProcessHandle.current().pid() % 100000;
        String prefix = "198.18." + n + ".";
        try {
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", host, "type", "veth", "peer", "name", "eth-out", "netns", ns);
            run("ip", "addr", "add", prefix + "1/24", "dev", host);
            run("ip", "link", "set", host, "up");
            run("ip", "netns", "exec", ns, "ip", "addr", "add", prefix + "2/24", "dev", "eth-out");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "eth-out", "up");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            OutsideHost outside = new OutsideHost(ns, prefix + "2");
            outside.listener = new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c",
                    "import socket,time\ns=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                            + "s.bind(('" + prefix + "2', " + PORT + ")); s.listen(50)\n"
                            + "s.settimeout(300)\nwhile True:\n  c,_=s.accept()\n  try: c.recv(4096); c.sendall(b'HTTP/1.0 200 OK\\r\\n"
                            + "Content-Length: 10\\r\\n\\r\\noutside-ok')\n  except OSError: pass\n  c.close()")
                    .redirectErrorStream(true).start();
            Thread.sleep(500);
            return outside;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                run("ip", "netns", "del", ns);
            } catch (IOException ignored) {
                // not made
            }
            return new OutsideHost(null, null);
        }
    }

    public String address() {
        return address;
    }

    public int port() {
        return PORT;
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.destroyForcibly();
        }
        if (namespace != null) {
            try {
                run("ip", "netns", "del", namespace); // takes the veth pair with it
            } catch (IOException e) {
                // gone
            }
        }
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
