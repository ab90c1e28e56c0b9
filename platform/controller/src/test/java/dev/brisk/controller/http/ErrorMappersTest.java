package dev.brisk.controller.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Route-level failures as a running OpenWhisk answers them: a method the API refuses but OpenWhisk's web-action
 * routes take is a 404 with Pekko's text (those routes cancel the method rejection); other methods stay 405.
 */
class ErrorMappersTest {

    private final Transaction transaction = new Transaction();

    /** The response filter ends the request on this thread. */
    @AfterEach
    void leave() {
        var headers = new MultivaluedHashMap<String, Object>();
        transaction.filter(request("GET", "other"), (ContainerResponseContext) Proxy.newProxyInstance(
                ErrorMappersTest.class.getClassLoader(), new Class<?>[] {ContainerResponseContext.class},
                (p, m, a) -> m.getName().equals("getHeaders") ? headers : null));
    }

    /** A request of {@code method} on {@code path} (relative, as UriInfo.getPath gives it). */
    private static ContainerRequestContext request(String method, String path) {
        Map<String, Object> properties = new HashMap<>();
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(ErrorMappersTest.class.getClassLoader(),
                new Class<?>[] {UriInfo.class}, (p, m, a) -> m.getName().equals("getPath") ? path : null);
        return (ContainerRequestContext) Proxy.newProxyInstance(ErrorMappersTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getUriInfo" -> uri;
                    case "setProperty" -> properties.put((String) a[0], a[1]);
                    case "getProperty" -> properties.get((String) a[0]);
                    default -> null;
                });
    }

    private Response answer(String method, String path, RuntimeException e) {
        transaction.filter(request(method, path));
        return ErrorMappers.web((jakarta.ws.rs.WebApplicationException) e);
    }

    private static JsonNode body(Response r) {
        return Json.parse((String) r.getEntity());
    }

    @Test
    void aMethodTheWebRoutesTakeIsAnUnknownRoute() {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            Response r = answer(method, "api/v1/namespaces/_/activations/0", new NotAllowedException("GET"));
            assertEquals(404, r.getStatus(), method);
            assertEquals(Messages.RESOURCE_NOT_FOUND, body(r).get("error").asText(), method);
            assertEquals(false, body(r).get("code").asText().isEmpty(), method);
        }
    }

    @Test
    void anotherMethodStaysMethodNotAllowed() {
        Response r = answer("TRACE", "api/v1/namespaces/_/actions", new NotAllowedException("GET"));
        assertEquals(405, r.getStatus());
        assertEquals(Messages.METHOD_NOT_ALLOWED + "GET", body(r).get("error").asText());
    }

    @Test
    void theAdminApiKeepsMethodNotAllowed() {
        assertEquals(405, answer("POST", "admin/v1/namespaces", new NotAllowedException("GET")).getStatus());
    }

    @Test
    void anUnknownApiRouteHasPekkosText() {
        Response r = answer("GET", "api/v1/bogus", new NotFoundException());
        assertEquals(404, r.getStatus());
        assertEquals(Messages.RESOURCE_NOT_FOUND, body(r).get("error").asText());
    }

    @Test
    void outsideTheApiA404IsBare() {
        Response r = answer("GET", "health/x", new NotFoundException());
        assertEquals(404, r.getStatus());
        assertEquals(null, r.getEntity());
    }
}
