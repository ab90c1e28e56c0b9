package dev.brisk.core.error;

/**
 * A failure that the API reports to the caller as {@code {"error": message, "code": transid}} with {@code status}.
 * Messages are OpenWhisk's fixed texts where OpenWhisk has one (see {@link Messages}).
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound() {
        return new ApiException(404, Messages.RESOURCE_DOES_NOT_EXIST);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
