package dev.brisk.controller.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
