package dev.brisk.controller.entity;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestSizeTest {
    @Test
    void bodyAtTheLimitPassesAndOneByteMoreIs413() {
        assertDoesNotThrow(() -> RequestSize.checkBody(-1, "x".repeat(10), 10));
        ApiException e = assertThrows(ApiException.class, () -> RequestSize.checkBody(-1, "x".repeat(11), 10));
        assertEquals(413, e.status());
        assertEquals("Request larger than allowed: 11 > 10 bytes.", e.getMessage());
    }

    @Test
    void bodySizeCountsUtf8Bytes() {
        ApiException e = assertThrows(ApiException.class, () -> RequestSize.checkBody(-1, "ééééé€", 10));
        assertEquals("Request larger than allowed: 13 > 10 bytes.", e.getMessage());
        assertEquals(4, RequestSize.utf8Length("😀"));
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWhateverTheBody() {
        ApiException e = assertThrows(ApiException.class, () -> RequestSize.checkBody(5000, "", 10));
        assertEquals("Request larger than allowed: 5000 > 10 bytes.", e.getMessage());
    }

    @Test
    void execCodeOverTheLimit() {
        var exec = Json.object().put("kind", "nodejs:default").put("code", "x".repeat(21));
        ApiException e = assertThrows(ApiException.class, () -> RequestSize.checkExec(exec, 20));
        assertEquals(413, e.status());
        assertEquals("exec larger than allowed: 21 > 20 bytes.", e.getMessage());
        assertDoesNotThrow(() -> RequestSize.checkExec(Json.object().put("kind", "sequence"), 20));
    }

    @Test
    void parametersAreSizedAsKeysPlusCompactValues() {
        var content = Json.parse("{\"parameters\":[{\"key\":\"ab\",\"value\":\"xyz\"},{\"key\":\"n\",\"value\":{\"a\":1}}]}");
        // "ab" 2 + "\"xyz\"" 5 + "n" 1 + {"a":1} 7 = 15
        assertDoesNotThrow(() -> RequestSize.checkParameters(content, "parameters", 15));
        ApiException e = assertThrows(ApiException.class,
                () -> RequestSize.checkParameters(content, "parameters", 14));
        assertEquals("parameters larger than allowed: 15 > 14 bytes.", e.getMessage());
        assertDoesNotThrow(() -> RequestSize.checkParameters(content, "annotations", 0));
    }
}
