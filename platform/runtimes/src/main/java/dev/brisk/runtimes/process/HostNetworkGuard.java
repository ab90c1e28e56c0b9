package dev.brisk.runtimes.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * With the host network ({@code network=true}), what keeps actions away from the platform's internals: packets from
 * the action uids ({@link ActionUids}) to any address of this host are rejected, except TCP to the public API's port
 * (so an action can call the API with its own key, as in OpenWhisk) and DNS. Kafka, CouchDB, the invokers' and the
 * controller's ports and anything else listening here, on loopback or on any other local address, answer an action
 * with "connection refused"; the outside world is reached as before.
 *
 * <p>The rules are iptables' (and ip6tables') {@code owner} and {@code addrtype} matches in a chain of this JVM's
 * own, {@code BRISK-ACTIONS-<pid>}, jumped to from {@code OUTPUT}; removed at close, and those of a killed invoker
 * at the next start.
 */
final class HostNetworkGuard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HostNetworkGuard.class.getName());
    private static final Pattern CHAIN = Pattern.compile("BRISK-ACTIONS-(\\d+)");
    private static final List<String> TOOLS = List.of("iptables", "ip6tables");

    private final String chain = "BRISK-ACTIONS-" + ProcessHandle.current().pid();
    private final String uids;
    private final List<String> tools;
    private final Set<Integer> allowed = ConcurrentHashMap.newKeySet();

    private HostNetworkGuard(String uids, List<String> tools) {
        this.uids = uids;
        this.tools = tools;
    }

    /**
     * Installs the rules for uids {@code base..base+count-1}, allowing {@code ports}.
     *
     * @throws IOException when iptables is missing or refuses (then actions must not get the host network)
     */
    static HostNetworkGuard install(int base, int count, List<Integer> ports) throws IOException {
        List<String> tools = new ArrayList<>();
        for (String tool : TOOLS) {
            Interpreters.onPath(tool).or(() -> Interpreters.onPath("/usr/sbin/" + tool)).ifPresent(tools::add);
        }
        if (tools.stream().noneMatch(t -> t.endsWith("/iptables"))) {
            throw new IOException("iptables not found (Debian: apt-get install iptables)");
        }
        HostNetworkGuard guard = new HostNetworkGuard(base + "-" + (base + count - 1), tools);
        guard.removeStale();
        for (String tool : guard.tools) {
            boolean required = tool.endsWith("/iptables");
            try {
                run(tool, "-w", "-N", guard.chain);
                run(tool, "-w", "-A", guard.chain, "-p", "udp", "--dport", "53", "-m", "addrtype", "--dst-type",
                        "LOCAL", "-j", "RETURN");
                run(tool, "-w", "-A", guard.chain, "-p", "tcp", "--dport", "53", "-m", "addrtype", "--dst-type",
                        "LOCAL", "-j", "RETURN");
                run(tool, "-w", "-A", guard.chain, "-m", "addrtype", "--dst-type", "LOCAL", "-p", "tcp", "-j",
                        "REJECT", "--reject-with", "tcp-reset");
                run(tool, "-w", "-A", guard.chain, "-m", "addrtype", "--dst-type", "LOCAL", "-j", "REJECT");
                run(tool, "-w", "-I", "OUTPUT", "-m", "owner", "--uid-owner", guard.uids, "-j", guard.chain);
            } catch (IOException e) {
                if (required) {
                    guard.close();
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "no IPv6 rules for actions: {0}", e.getMessage());
                guard.remove(tool);
            }
        }
        for (int port : ports) {
            guard.allow(port);
        }
        return guard;
    }

    /** Lets actions reach {@code port} on this host (the public API's). */
    void allow(int port) throws IOException {
        if (port > 0 && allowed.add(port)) {
            for (String tool : tools) {
                run(tool, "-w", "-I", chain, "1", "-p", "tcp", "--dport", Integer.toString(port), "-m", "addrtype",
                        "--dst-type", "LOCAL", "-j", "RETURN");
            }
        }
    }

    /** Allows the port of {@code apiHost} when it names this host (the API actions are given); else nothing. */
    void allowApiHost(String apiHost) {
        try {
            URI uri = URI.create(apiHost);
            if (uri.getHost() == null) {
                return;
            }
            InetAddress address = InetAddress.getByName(uri.getHost());
            if (address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || java.net.NetworkInterface.getByInetAddress(address) != null) {
                allow(uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "actions cannot reach the API host " + apiHost + ": " + e.getMessage());
        }
    }

    /** The ports actions may reach on this host. */
    Set<Integer> allowed() {
        return Set.copyOf(allowed);
    }

    @Override
    public void close() {
        tools.forEach(this::remove);
    }

    private void remove(String tool) {
        removeChain(tool, chain);
    }

    private static void removeChain(String tool, String chain) {
        try {
            for (String rule : output(tool, "-w", "-S", "OUTPUT").lines().toList()) {
                if (rule.contains("-j " + chain)) {
                    List<String> delete = new ArrayList<>(List.of(tool, "-w", "-D"));
                    delete.addAll(List.of(rule.substring(3).trim().split(" ")));
                    run(delete.toArray(String[]::new));
                }
            }
            run(tool, "-w", "-F", chain);
            run(tool, "-w", "-X", chain);
        } catch (IOException e) {
            // not there
        }
    }

    /** Chains of invokers that were killed: their JVM is gone. */
    private void removeStale() {
        for (String tool : tools) {
            try {
                Matcher m = CHAIN.matcher(output(tool, "-w", "-S"));
                Set<String> stale = new java.util.HashSet<>();
                while (m.find()) {
                    long pid = Long.parseLong(m.group(1));
                    if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                        stale.add(m.group());
                    }
                }
                stale.forEach(c -> removeChain(tool, c));
            } catch (IOException e) {
                // nothing to list
            }
        }
    }

    private static void run(String... command) throws IOException {
        output(command);
    }

    private static String output(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.trim());
        }
        return out;
    }
}
