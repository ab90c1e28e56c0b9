package dev.brisk.controller.admin;

import dev.brisk.controller.http.BasicCredentials;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Guards {@code /admin/v1}: Basic credentials equal to {@code brisk.admin.auth} ({@code user:key}), compared in
 * constant time. Without {@code brisk.admin.auth} the admin API does not exist: every admin path answers 404.
 */
@Provider
@PreMatching
@Priority(200)
public class AdminAuthFilter implements ContainerRequestFilter {
    public static final String CONFIG_KEY = "brisk.admin.auth";
    private static final String REALM = "Brisk admin";

    /** The admin credential {@code user:key}; empty when the admin API is off. */
    private final Optional<String> configured;

    @Inject
    public AdminAuthFilter(@ConfigProperty(name = CONFIG_KEY) Optional<String> configured) {
        this.configured = configured.map(String::trim).filter(s -> s.indexOf(':') > 0);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.equals("admin") && !p.startsWith("admin/")) {
            return;
        }
        if (configured.isEmpty()) {
            request.abortWith(Response.status(404).build()); // as if there were no admin API
            return;
        }
        BasicCredentials.require(request, REALM,
                given -> matches(given, configured.get()) ? Optional.of(given) : Optional.empty());
    }

    /** Equal credentials, in time independent of where they differ (digests have the same length). */
    static boolean matches(String given, String expected) {
        if (given == null) {
            return false;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(given.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
