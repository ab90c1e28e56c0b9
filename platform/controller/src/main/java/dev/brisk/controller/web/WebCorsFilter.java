package dev.brisk.controller.web;

import dev.brisk.controller.http.RequestPaths;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives web action responses their own CORS headers. OpenWhisk serves web actions outside the REST API's CORS
 * directive: they carry the web-action headers (methods include OPTIONS and PATCH, requested headers echoed), or
 * none at all when the action handles OPTIONS itself. Response filters run in descending priority, so this one
 * (50) runs after {@code Transaction} (100), which adds the REST API's headers to every response, and puts back
 * what {@link WebActionsResource} decided (request property {@link #PROPERTY}).
 */
@Provider
@Priority(50)
public class WebCorsFilter implements ContainerResponseFilter {
    /** A {@code Map<String, List<String>>} of the Access-Control-Allow-* headers a web response must carry. */
    public static final String PROPERTY = "brisk.web.cors";

    static boolean isCorsHeader(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("access-control-allow-");
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!RequestPaths.isWeb(path) && !RequestPaths.isRoute(path)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        for (String name : new ArrayList<>(headers.keySet())) {
            if (isCorsHeader(name)) {
                headers.remove(name);
            }
        }
        Object decided = request.getProperty(PROPERTY);
        if (decided instanceof Map<?, ?> map) {
            map.forEach((name, values) -> {
                for (Object v : (List<?>) values) {
                    headers.add(name.toString(), v);
                }
            });
        } else if ("OPTIONS".equals(request.getMethod())) {
            // a preflight the resource did not answer (answered before routing): the default web headers
            WebActionsResource.defaultCors(request.getHeaderString(WebActionsResource.REQUEST_HEADERS))
                    .forEach(h -> headers.add(h.getKey(), h.getValue()));
        }
    }
}
