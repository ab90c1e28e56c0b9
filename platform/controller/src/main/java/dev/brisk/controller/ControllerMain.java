package dev.brisk.controller;

import dev.brisk.cdi.ServiceLauncher;

/** The controller as its own service: CouchDB and Kafka by default ({@code META-INF/brisk-controller.properties}). */
public final class ControllerMain {
    private ControllerMain() {
    }

    public static void main(String[] args) {
        ServiceLauncher.start("META-INF/brisk-controller.properties");
    }
}
