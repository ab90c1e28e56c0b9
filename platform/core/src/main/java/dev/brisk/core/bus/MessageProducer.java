package dev.brisk.core.bus;

import java.util.concurrent.CompletionStage;

/** Sends messages; the stage completes when the bus has accepted the message durably. */
public interface MessageProducer extends AutoCloseable {
    CompletionStage<Void> send(String topic, byte[] message);

    @Override
    void close();
}
