package dev.brisk.controller.http;

/**
 * The shapes of request paths that filters decide on before routing, in one place for the filters of every layer.
 * Paths are taken with or without a leading slash, as JAX-RS hands them over.
 */
public final class RequestPaths {
    private static final String WEB = "api/v1/web/";

    private RequestPaths() {
    }

    /** Whether a request path is a web action route, {@code api/v1/web/ns/pkg/x}. */
    public static boolean isWebAction(String path) {
        String p = relative(path);
        if (!p.startsWith(WEB)) {
            return false;
        }
        String[] parts = p.substring(WEB.length()).split("/", 3);
        return parts.length == 3 && !parts[0].isEmpty() && !parts[1].isEmpty() && !parts[2].isEmpty();
    }

    /** Whether a request path is under {@code /api/v1/web/}. */
    public static boolean isWeb(String path) {
        String p = relative(path);
        return p.startsWith(WEB) || p.equals("api/v1/web");
    }

    /** Whether a request path is an API route, {@code api/<namespace>/...} for any namespace but OpenWhisk's v1. */
    public static boolean isRoute(String path) {
        String p = relative(path);
        return p.startsWith("api/") && !p.startsWith("api/v1/") && !p.equals("api/v1") && p.indexOf('/', 4) > 4;
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
