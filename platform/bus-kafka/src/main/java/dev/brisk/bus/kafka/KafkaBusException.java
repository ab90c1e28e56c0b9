package dev.brisk.bus.kafka;

/** A bus operation failed at the broker or could not reach it. */
public final class KafkaBusException extends RuntimeException {
    public KafkaBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
