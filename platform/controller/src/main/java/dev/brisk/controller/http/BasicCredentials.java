package dev.brisk.controller.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Basic credentials (RFC 7617) of an {@code Authorization} header, decoded in this one place for the API's
 * authentication, web actions and the admin API, and the 401 that asks for them.
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

    /** A 401 in OpenWhisk's error shape with the challenge for {@code realm} ({@code WWW-Authenticate}). */
    public static Response challenge(String realm, String message, String transid) {
        return Response.fromResponse(Responses.error(401, message, transid))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\"").build();
    }
}
