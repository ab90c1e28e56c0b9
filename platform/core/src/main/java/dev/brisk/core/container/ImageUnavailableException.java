package dev.brisk.core.container;

/**
 * The container's image is not on the host and could not be pulled. For a blackbox action that is the developer's
 * image, so the activation ends as OpenWhisk's {@code action developer error} "Failed to pull container image '...'."
 * rather than as a platform failure.
 */
public class ImageUnavailableException extends ContainerException {
    private final String image;

    public ImageUnavailableException(String image, String message, Throwable cause) {
        super(message, cause);
        this.image = image;
    }

    public String image() {
        return image;
    }
}
