package dev.brisk.controller.apigw;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.Locale;

/**
 * The scheme and authority clients reached the controller at, for the URLs the route management answers with: the
 * request's Host, and its scheme. OpenWhisk's gateway URL is deployment configuration (apigw-utils.js, the gateway's
 * {@code managed_url}); Brisk takes it from the request instead, so a client that reaches the controller directly could
 * name any scheme in {@code X-Forwarded-Proto}. That header is therefore read only when the deployment says a proxy
 * in front sets it ({@value #TRUST_FORWARDED}, on behind the testbeds' and the chart's nginx), and then only its
 * {@code http} or {@code https}: nothing else a client sends becomes the scheme of a URL.
 */
@ApplicationScoped
public class ApiHost {
    public static final String TRUST_FORWARDED = "brisk.http.trust-forwarded-headers";
    static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private final boolean trustForwarded;

    @Inject
    public ApiHost(@ConfigProperty(name = TRUST_FORWARDED, defaultValue = "false") boolean trustForwarded) {
        this.trustForwarded = trustForwarded;
    }

    public String of(ContainerRequestContext request) {
        return of(request.getUriInfo().getBaseUri(), request.getHeaderString(FORWARDED_PROTO));
    }

    /** {@code scheme://authority} of {@code base}, the scheme replaced by a trusted {@code forwardedProto}. */
    public String of(URI base, String forwardedProto) {
        String scheme = base.getScheme();
        if (trustForwarded && forwardedProto != null) {
            String proto = forwardedProto.trim().toLowerCase(Locale.ROOT);
            if (proto.equals("https") || proto.equals("http")) {
                scheme = proto;
            }
        }
        return scheme + "://" + base.getRawAuthority();
    }
}
