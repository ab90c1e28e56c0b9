package dev.brisk.controller.http;

import dev.brisk.core.error.Messages;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Basic credentials (RFC 7617) of an {@code Authorization} header, decoded in this one place for the API's
 * authentication, web actions and the admin API, and the 401 that asks for them with OpenWhisk's (Pekko's) texts.
 */
public final class BasicCredentials {
    private static final String SCHEME = "Basic ";

    private BasicCredentials() {
    }

    /**
     * The decoded {@code user:password} of a {@code Basic} header (scheme case-insensitive); empty without a header,
     * for another scheme or when the rest is not Base64.
     */
    public static Optional<String> decode(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).trim()),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * What {@code check} finds for the request's credentials. When the request has no {@code Authorization} header,
     * or {@code check} finds nothing for it, the request is aborted with a 401 that asks for credentials of
     * {@code realm}, and the answer is empty.
     */
    public static <T> Optional<T> require(ContainerRequestContext request, String realm,
                                          Function<String, Optional<T>> check) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            request.abortWith(challenge(realm, Messages.AUTH_MISSING, Transaction.of(request)));
            return Optional.empty();
        }
        Optional<T> found = decode(header).flatMap(check);
        if (found.isEmpty()) {
            request.abortWith(challenge(realm, Messages.AUTH_INVALID, Transaction.of(request)));
        }
        return found;
    }

    /** A 401 in OpenWhisk's error shape with the challenge for {@code realm} ({@code WWW-Authenticate}). */
    private static Response challenge(String realm, String message, String transid) {
        return Response.fromResponse(Responses.error(401, message, transid))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\"").build();
    }
}
