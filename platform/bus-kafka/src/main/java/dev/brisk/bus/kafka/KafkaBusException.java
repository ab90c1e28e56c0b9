package dev.brisk.bus.kafka;

/** A bus operation failed at the broker or could not reach it. */
public final class KafkaBusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
