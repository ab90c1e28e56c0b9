package dev.brisk.controller.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * {@code GET /console/}: the web console, a few static files that call the public REST API ({@code /api/v1}) from the
 * browser with the user's key. Outside {@code /api/}, so it collides with none of OpenWhisk's routes, and without
 * authentication (the files hold no data). Every answer carries a strict Content-Security-Policy: scripts, styles and
 * requests only from this origin, no inline script or style, no framing, no form posting anywhere.
 * {@code brisk.console.enabled=false} turns it off (404).
 */
@Path("console")
@ApplicationScoped
public class ConsoleResource {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final boolean enabled;
    private final ConsoleFiles files;

    @Inject
    public ConsoleResource(@ConfigProperty(name = "brisk.console.enabled", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
        this.files = enabled ? ConsoleFiles.load() : null;
    }

    /**
     * {@code /console} and {@code /console/} are both the page (the router hands both here); its links are absolute
     * paths, so no redirect is needed, whose absolute Location would carry the controller's scheme and not that of
     * the TLS proxy in front of it.
     */
    @GET
    public Response page(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return file("", ifNoneMatch);
    }

    @GET
    @Path("{file: .*}")
    public Response file(@PathParam("file") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Optional<ConsoleFiles.File> found = enabled ? files.find(name) : Optional.empty();
        if (found.isEmpty()) {
            return notFound();
        }
        ConsoleFiles.File file = found.get();
        // revalidated on every load (the vendor names carry no version): 304 when unchanged
        if (file.etag().equals(ifNoneMatch)) {
            return secured(Response.notModified().tag(unquoted(file.etag()))).build();
        }
        return secured(Response.ok(file.body(), file.contentType()).tag(unquoted(file.etag()))).build();
    }

    /** The same plain 404 for any path outside the list: it names no file and no class path entry. */
    private static Response notFound() {
        return secured(Response.status(Response.Status.NOT_FOUND).entity("Not found\n")
                .type("text/plain; charset=utf-8")).build();
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder response) {
        return response.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    private static jakarta.ws.rs.core.EntityTag unquoted(String etag) {
        return new jakarta.ws.rs.core.EntityTag(etag.substring(1, etag.length() - 1));
    }
}
