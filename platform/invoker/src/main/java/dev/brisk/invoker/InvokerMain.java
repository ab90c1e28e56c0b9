package dev.brisk.invoker;

import dev.brisk.cdi.ServiceLauncher;

/** The invoker as its own service: CouchDB and Kafka by default ({@code META-INF/brisk-invoker.properties}). */
public final class InvokerMain {
    private InvokerMain() {
    }

    public static void main(String[] args) {
        ServiceLauncher.start("META-INF/brisk-invoker.properties");
    }
}
