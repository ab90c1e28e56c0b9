package dev.brisk.controller.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.brisk.core.error.ApiException;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

/** Bodies must be declared application/json, as Pekko's spray-json unmarshaller in OpenWhisk requires. */
class JsonContentTest {

    private static ApiException refused(String type, String body) {
        return assertThrows(ApiException.class,
                () -> JsonContent.require(type == null ? null : MediaType.valueOf(type), body));
    }

    @Test
    void aFormTypeIsRefusedEvenWithoutABodyWithPekkosText() {
        ApiException e = refused("application/x-www-form-urlencoded", "");
        assertEquals(415, e.status());
        assertEquals("The request's Content-Type [application/x-www-form-urlencoded] is not supported. "
                + "Expected:\napplication/json", e.getMessage());
    }

    @Test
    void parametersAreRenderedAsPekkoDoes() {
        assertEquals("The request's Content-Type [text/plain; charset=UTF-8] is not supported. Expected:\n"
                + "application/json", refused("text/plain;charset=utf-8", "x").getMessage());
    }

    @Test
    void jsonSuffixTypesAreNotJson() {
        assertEquals(415, refused("application/vnd.api+json", "{}").status());
        assertEquals(415, refused("text/json", "{}").status());
    }

    @Test
    void aBodyWithoutATypeIsOctetStream() {
        assertEquals("The request's Content-Type [application/octet-stream] is not supported. Expected:\n"
                + "application/json", refused(null, "{}").getMessage());
    }

    @Test
    void jsonWithAnyCharsetAndAnUndeclaredEmptyBodyPass() {
        assertDoesNotThrow(() -> JsonContent.require(MediaType.valueOf("application/json"), "{}"));
        assertDoesNotThrow(() -> JsonContent.require(MediaType.valueOf("application/json; charset=utf-8"), ""));
        assertDoesNotThrow(() -> JsonContent.require(MediaType.valueOf("Application/JSON"), "{}"));
        assertDoesNotThrow(() -> JsonContent.require(null, ""));
        assertDoesNotThrow(() -> JsonContent.require(null, null));
    }
}
