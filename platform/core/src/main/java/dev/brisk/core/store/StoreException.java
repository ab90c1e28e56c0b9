package dev.brisk.core.store;

/** The store failed or could not be reached; the API answers 503 and nothing is half-written. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
