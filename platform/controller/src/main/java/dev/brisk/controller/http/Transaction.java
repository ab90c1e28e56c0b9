package dev.brisk.controller.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Gives every request a transaction id (the caller's {@code X-Request-ID} or a fresh one), echoes it in the
 * response header and uses it as the {@code code} of error bodies, as OpenWhisk does; adds OpenWhisk's CORS headers.
 */
@Provider
@PreMatching
@Priority(100)
public class Transaction implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = "X-Request-ID";
    static final String PROPERTY = "brisk.transid";
    private static final SecureRandom RANDOM = new SecureRandom();
    // Helidon serves each request on its own (virtual) thread, start to end; exception mappers are singletons
    // without a per-request context, so they read the current request from here
    private static final ThreadLocal<ContainerRequestContext> CURRENT = new ThreadLocal<>();

    @Override
    public void filter(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        request.setProperty(PROPERTY, given != null && !given.isBlank() && given.length() <= 64 ? given : newId());
        CURRENT.set(request);
        // CORS preflight: 200 on every route under /api/v1, even unknown ones, without credentials (RestAPIs.scala)
        String path = request.getUriInfo().getPath();
        if ("OPTIONS".equals(request.getMethod()) && (path.startsWith("api/v1") || path.startsWith("/api/v1"))
                && !RequestPaths.isWebAction(path)) {
            // web actions answer OPTIONS themselves (web-custom-options)
            request.abortWith(jakarta.ws.rs.core.Response.ok().build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        CURRENT.remove();
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
        var headers = response.getHeaders();
        headers.putSingle("Access-Control-Allow-Origin", "*");
        headers.putSingle("Access-Control-Allow-Headers",
                "Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent");
        headers.putSingle("Access-Control-Allow-Methods", "GET, DELETE, POST, PUT, HEAD");
    }

    /** The request being served on this thread, or null outside a request. */
    public static ContainerRequestContext current() {
        return CURRENT.get();
    }

    public static String of(ContainerRequestContext request) {
        Object id = request.getProperty(PROPERTY);
        return id == null ? newId() : id.toString();
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
