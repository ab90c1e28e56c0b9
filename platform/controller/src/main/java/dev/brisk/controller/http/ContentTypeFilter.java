package dev.brisk.controller.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import java.nio.charset.Charset;

/**
 * A {@code Content-Type} that does not parse, or names a charset this JVM does not have, is read as
 * {@code application/octet-stream}, as Pekko reads a header it cannot parse: the API then answers 415 in the error
 * shape (it wants JSON) and web actions get the body as binary. Left as it was, the framework answered an empty 400
 * (unparsable) or a 500 (unknown charset) outside the error mappers.
 */
@Provider
@PreMatching
@Priority(110)
public class ContentTypeFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (header != null && !header.isBlank() && !usable(header)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM);
        }
    }

    static boolean usable(String header) {
        try {
            MediaType type = MediaType.valueOf(header);
            String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
            return charset == null || Charset.isSupported(charset);
        } catch (RuntimeException e) { // IllegalArgumentException, IllegalCharsetNameException
            return false;
        }
    }
}
