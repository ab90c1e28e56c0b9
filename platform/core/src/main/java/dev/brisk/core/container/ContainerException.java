package dev.brisk.core.container;

/** A container could not be started; the activation ends as {@code whisk internal error}. */
public class ContainerException extends RuntimeException {
    public ContainerException(String message) {
        super(message);
    }

    public ContainerException(String message, Throwable cause) {
        super(message, cause);
    }
}
