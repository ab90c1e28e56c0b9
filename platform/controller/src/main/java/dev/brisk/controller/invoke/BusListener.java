package dev.brisk.controller.invoke;

import dev.brisk.core.bus.MessageBus;
import dev.brisk.core.bus.MessageConsumer;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Feeds every message of one topic to a handler, for as long as the service runs: the topic is made once the bus
 * answers (never at start, so a bus that is down does not hold the service up), a consumer that fails is opened
 * again after a pause (the bus may be restarting), a message the handler rejects is logged and skipped.
 */
final class BusListener implements Runnable {
    private static final System.Logger LOG = System.getLogger(BusListener.class.getName());
    private static final int BATCH = 128;

    private final MessageBus bus;
    private final String topic;
    private final String group;
    private final Consumer<byte[]> handler;
    private final BooleanSupplier running;

    BusListener(MessageBus bus, String topic, String group, Consumer<byte[]> handler, BooleanSupplier running) {
        this.bus = bus;
        this.topic = topic;
        this.group = group;
        this.handler = handler;
        this.running = running;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            try {
                bus.ensureTopic(topic);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "message bus not reachable (not ready; retrying): " + e.getMessage());
                pause(2000);
                continue;
            }
            try (MessageConsumer consumer = bus.consumer(topic, group)) {
                while (running.getAsBoolean()) {
                    List<byte[]> batch = consumer.poll(Duration.ofMillis(500), BATCH);
                    for (byte[] raw : batch) {
                        try {
                            handler.accept(raw);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "bad message on " + topic, e);
                        }
                    }
                    if (!batch.isEmpty()) {
                        consumer.commit();
                    }
                }
            } catch (RuntimeException e) {
                if (running.getAsBoolean()) {
                    LOG.log(System.Logger.Level.WARNING, "consumer of " + topic + " failed; reconnecting", e);
                    pause(1000);
                }
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
