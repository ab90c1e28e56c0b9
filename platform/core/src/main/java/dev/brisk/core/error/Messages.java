package dev.brisk.core.error;

/** OpenWhisk's fixed error texts (common/.../http/ErrorResponse.scala, Messages object), kept verbatim. */
public final class Messages {
    public static final String RESOURCE_DOES_NOT_EXIST = "The requested resource does not exist.";
    /** Pekko HTTP's default text for a request no route takes (OpenWhisk's answer to an unknown path). */
    public static final String RESOURCE_NOT_FOUND = "The requested resource could not be found.";
    public static final String NOT_AUTHORIZED = "The supplied authentication is not authorized to access this resource.";
    public static final String AUTH_MISSING = "The resource requires authentication, which was not supplied with the request";
    public static final String AUTH_INVALID = "The supplied authentication is invalid";
    public static final String ALREADY_EXISTS = "resource already exists";
    public static final String CONCURRENT_MODIFICATION = "Concurrent modification to resource detected.";
    public static final String WRONG_COLLECTION = "Resource by this name exists but is not in this collection.";
    public static final String ILLEGAL_NAME = "The name of the entity contains illegal characters.";
    public static final String METHOD_NOT_ALLOWED = "HTTP method not allowed, supported methods: ";
    public static final String SERVICE_UNAVAILABLE = "The server is currently unavailable (because it is overloaded or down for maintenance).";
    /** A request sets a parameter that it may not: a reserved web property or a parameter of a {@code final} action. */
    public static final String PARAMETERS_NOT_ALLOWED =
            "Request defines parameters that are not allowed (e.g., reserved properties).";
    public static final String INTERNAL_ERROR = "There was an internal server error.";

    private Messages() {
    }

    public static String notAuthorizedOn(String path) {
        return "The supplied authentication is not authorized to access '" + path + "'.";
    }

    /** A blocking invoke's {@code timeout} outside 1..the deployment's max wait (ErrorResponse.scala, invalidTimeout). */
    public static String badTimeout(long maxMillis) {
        return "Timeout must be number of milliseconds up to " + maxMillis + ".";
    }

    public static String nameTooLong(int length, int max) {
        // "segement" is misspelt in OpenWhisk's source and clients may match it
        return "Name segement longer than allowed: " + length + " > " + max + ".";
    }

    public static String limitOutOfRange(String value, String collection) {
        return "The value '" + value + "' is not in the range of 0 to 200 for " + collection + ".";
    }

    public static String skipNegative(String value, String collection) {
        return "The value '" + value + "' is not greater than or equal to 0 for " + collection + ".";
    }

    public static String notAnInteger(String value, String collection) {
        return "The value '" + value + "' is not an integer for " + collection + ".";
    }

    public static String badActivationIdLength(int length) {
        return "Activation id length is " + length + " but must be 32.";
    }

    public static String badEpoch(String value) {
        return "Parameter is not a valid value for epoch seconds: " + value;
    }

    public static String badNameFilter(String value) {
        return "Parameter may be a 'simple' name or 'package-name/simple' name: " + value;
    }

    public static String requestTooLarge(long size, long max) {
        return "Request larger than allowed: " + size + " > " + max + " bytes.";
    }

    /** OpenWhisk's entityTooBig: {@code field} is {@code exec}, {@code parameters} or {@code annotations}. */
    public static String entityTooBig(String field, long size, long max) {
        return field + " larger than allowed: " + size + " > " + max + " bytes.";
    }

    public static String tooManyRequests(long count, long allowed) {
        return "Too many requests in the last minute (count: " + count + ", allowed: " + allowed + ").";
    }

    public static String tooManyConcurrentRequests(long count, long allowed) {
        return "Too many concurrent requests in flight (count: " + count + ", allowed: " + allowed + ").";
    }

    /** An application error: the action's response was longer than the result limit. */
    public static String truncatedResponse(String truncated, long length, long max) {
        return "The action produced a response that exceeded the allowed length: " + length + " > " + max
                + " bytes. The truncated response was: " + truncated;
    }

    public static String malformed(String detail) {
        return "The request content was malformed:\n" + detail;
    }

    public static String unsupportedRuntime(String kind, String valid) {
        return "The specified runtime '" + kind + "' is not supported by this platform. Valid values are: " + valid + ".";
    }

    public static String timedOut(long millis) {
        return "The action exceeded its time limits of " + millis + " milliseconds.";
    }

    public static String timedOutAtInit(long millis) {
        return "The action exceeded its time limits of " + millis + " milliseconds during initialization.";
    }

    public static final String ABNORMAL_INIT = "The action did not initialize and exited unexpectedly.";
    public static final String MEMORY_EXHAUSTED = "The action exhausted its memory and was aborted.";
    public static final String ABNORMAL_RUN = "The action did not produce a valid response and exited unexpectedly.";
    public static final String INVALID_RUN_RESPONSE = "The action did not produce a valid JSON or JSON Array response.";
    public static final String LOGS_MIGHT_BE_MISSING = "The action did not initialize or run as expected. Log data might be missing.";
    public static final String FAILED_TO_PROVISION = "Failed to provision resources to run the action.";
    /** OpenWhisk's log line when the logs of an activation could not be read (ErrorResponse.scala, logFailure). */
    public static final String LOG_FAILURE = "There was an issue while collecting your logs. Data might be missing.";

    /** OpenWhisk's text when a blackbox action's image cannot be pulled. */
    public static String imagePullError(String image) {
        return "Failed to pull container image '" + image + "'.";
    }

    public static String logsTruncated(long limitBytes) {
        return "Logs were truncated because the total bytes size exceeds the limit of " + limitBytes + " bytes.";
    }
}
