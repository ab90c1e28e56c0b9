package dev.brisk.controller.apigw;

import jakarta.ws.rs.container.ContainerRequestContext;

import java.net.URI;

/**
 * The scheme and authority clients reached the controller at, for the URLs the route management answers with:
 * the request's Host, and the scheme a TLS proxy (the testbeds' nginx) reports in {@code X-Forwarded-Proto}.
 */
final class ApiHost {
    private ApiHost() {
    }

    static String of(ContainerRequestContext request) {
        URI base = request.getUriInfo().getBaseUri();
        String proto = request.getHeaderString("X-Forwarded-Proto");
        String scheme = "https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto)
                ? proto.toLowerCase(java.util.Locale.ROOT) : base.getScheme();
        return scheme + "://" + base.getRawAuthority();
    }
}
