package dev.brisk.controller.auth;

import dev.brisk.controller.http.BasicCredentials;
import dev.brisk.core.entity.Identity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Basic authentication for everything under {@code /api/v1/} except the API info and its documents (api-docs, docs)
 * and web actions, before route matching, so an
 * unknown route without credentials is a 401 as in OpenWhisk. Texts are Pekko's, which OpenWhisk returns.
 */
@Provider
@PreMatching
@Priority(200)
public class AuthFilter implements ContainerRequestFilter {
    static final String PROPERTY = "brisk.identity";
    private static final String REALM = "OpenWhisk secure realm";

    private final Authenticator authenticator;

    @Inject
    public AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!needsAuth(path) || HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        BasicCredentials.require(request, REALM, authenticator::authenticate)
                .ifPresent(identity -> request.setProperty(PROPERTY, identity));
    }

    static boolean needsAuth(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.startsWith("api/v1/") && !p.equals("api/v1/") && !p.startsWith("api/v1/web/")
                && !p.equals("api/v1/api-docs") && !p.equals("api/v1/docs");
    }

    /** The authenticated caller of this request. */
    public static Identity caller(ContainerRequestContext request) {
        return (Identity) request.getProperty(PROPERTY);
    }
}
