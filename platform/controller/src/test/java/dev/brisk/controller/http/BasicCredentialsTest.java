package dev.brisk.controller.http;

import dev.brisk.core.json.Json;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BasicCredentialsTest {
    private static String basic(String scheme, String credentials) {
        return scheme + " " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicHeadersAreDecodedWhateverTheSchemesCase() {
        assertEquals(Optional.of("uuid:key"), BasicCredentials.decode(basic("Basic", "uuid:key")));
        assertEquals(Optional.of("uuid:key"), BasicCredentials.decode(basic("basic", "uuid:key")));
        assertEquals(Optional.of("admin:sécret"), BasicCredentials.decode(basic("BASIC", "admin:sécret") + "  "));
    }

    @Test
    void anythingElseIsNoCredentials() {
        assertEquals(Optional.empty(), BasicCredentials.decode(null));
        assertEquals(Optional.empty(), BasicCredentials.decode(""));
        assertEquals(Optional.empty(), BasicCredentials.decode(basic("Bearer", "uuid:key")));
        assertEquals(Optional.empty(), BasicCredentials.decode("Basic not*base64"));
    }

    @Test
    void missingOrRefusedCredentialsAreA401ThatAsksForThem() {
        Map<String, Object> missing = new HashMap<>();
        assertEquals(Optional.empty(), BasicCredentials.require(request(null, missing), "Test realm", Optional::of));
        assertUnauthorized(missing, "The resource requires authentication, which was not supplied with the request");

        Map<String, Object> refused = new HashMap<>();
        assertEquals(Optional.empty(),
                BasicCredentials.require(request(basic("Basic", "u:p"), refused), "Test realm", c -> Optional.empty()));
        assertUnauthorized(refused, "The supplied authentication is invalid");

        Map<String, Object> accepted = new HashMap<>();
        assertEquals(Optional.of("u:p"),
                BasicCredentials.require(request(basic("Basic", "u:p"), accepted), "Test realm", Optional::of));
        assertNull(accepted.get("aborted"));
    }

    private static void assertUnauthorized(Map<String, Object> state, String message) {
        Response r = (Response) state.get("aborted");
        assertEquals(401, r.getStatus());
        assertEquals("Basic realm=\"Test realm\"", r.getHeaderString("WWW-Authenticate"));
        assertEquals(Json.object().put("error", message).put("code", "tx1"), Json.parse((String) r.getEntity()));
    }

    /** A request with this Authorization header and transaction id tx1; what it is aborted with goes to state. */
    private static ContainerRequestContext request(String authorization, Map<String, Object> state) {
        return (ContainerRequestContext) Proxy.newProxyInstance(BasicCredentialsTest.class.getClassLoader(),
                new Class<?>[]{ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaderString" -> "Authorization".equals(args[0]) ? authorization : null;
                    case "getProperty" -> "brisk.transid".equals(args[0]) ? "tx1" : null;
                    case "abortWith" -> state.put("aborted", args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
