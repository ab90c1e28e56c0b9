package dev.brisk.testbed.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers a testbed starts as child processes. A port from {@code new ServerSocket(0)} lies in the
 * kernel's ephemeral range, so between the pick and the child's bind (seconds: a JVM starting) an outgoing connection
 * of another process may take it, or the next pick may return it again; a CI run failed so (the controller's port was
 * answered by another Helidon server). These come from below that range (20000-32767 on Linux' default
 * 32768-60999), are bindable on loopback and the wildcard address when picked, and never handed out twice by this JVM.
 */
public final class FreePorts {
    static final int LOW = 20000;
    static final int HIGH = 32767;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A port no one listens on now, never returned before by this JVM. */
    public static int next() {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH + 1);
            if (isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
    }

    /** Whether {@code port} can be bound on loopback and on the wildcard address now. */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                && canBind(new InetSocketAddress(port));
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address, 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
