package dev.brisk.testbed.support.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of a child JVM started by {@link KafkaBroker}: runs {@code args[0]}'s {@code main} with the remaining
 * arguments, and exits (running the shutdown hooks, so Kafka shuts down cleanly) once standard input reaches end of
 * file, which happens when the parent process dies, even by SIGKILL. A test JVM that crashes leaves no broker behind.
 */
final class ChildMain {
    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChildMain MAIN_CLASS [ARGS...]");
        }
        Thread watchdog = new Thread(ChildMain::exitWhenParentGoes, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenParentGoes() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of file
        }
        System.err.println("parent process gone: shutting down");
        System.exit(3);
    }
}
