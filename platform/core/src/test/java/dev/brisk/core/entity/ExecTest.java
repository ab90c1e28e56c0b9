package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecTest {
    private static final RuntimeManifest MANIFEST = RuntimeManifest.standard();
    private static final String JS = "function main(params) { return {payload: 'hi'}; }";

    private static ObjectNode exec(String kind, String code) {
        ObjectNode o = Json.object();
        if (kind != null) {
            o.put("kind", kind);
        }
        if (code != null) {
            o.put("code", code);
        }
        return o;
    }

    private static ApiException rejected(ObjectNode exec) {
        ApiException e = assertThrows(ApiException.class, () -> Exec.fromJson(exec, MANIFEST));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("The request content was malformed:\n"), e.getMessage());
        return e;
    }

    @Test
    void readsKindAndCode() {
        Exec e = Exec.fromJson(exec("nodejs:20", JS), MANIFEST);
        assertEquals("nodejs:20", e.kind());
        assertEquals(JS, e.code());
        assertFalse(e.binary());
        assertNull(e.main());
        assertEquals("nodejs", e.family());
    }

    @Test
    void defaultKindResolvesToTheFamilyDefault() {
        assertEquals("nodejs:20", Exec.fromJson(exec("nodejs:default", JS), MANIFEST).kind());
        assertEquals("python:3.11", Exec.fromJson(exec("python:default", "def main(a): return a"), MANIFEST).kind());
        assertEquals("nodejs:20", Exec.fromJson(exec(" NodeJS:20 ", JS), MANIFEST).kind());
    }

    @Test
    void unknownKindIsNotSupported() {
        String message = rejected(exec("cobol:1", JS)).getMessage();
        assertTrue(message.contains("The specified runtime 'cobol:1' is not supported by this platform."), message);
        assertTrue(message.contains("'nodejs:20'") && message.contains("'python:default'"), message);
        assertTrue(rejected(exec("cobol:default", JS)).getMessage().contains("is not supported by this platform"));
    }

    @Test
    void kindIsRequired() {
        assertEquals("The request content was malformed:\n'kind' must be a string defined in 'exec'",
                rejected(exec(null, JS)).getMessage());
        ObjectNode numeric = exec(null, JS);
        numeric.put("kind", 20);
        rejected(numeric);
    }

    @Test
    void codeIsRequired() {
        assertEquals("The request content was malformed:\n'code' must be a string defined in 'exec' for 'nodejs:20' actions",
                rejected(exec("nodejs:20", null)).getMessage());
        ObjectNode numeric = exec("nodejs:20", null);
        numeric.put("code", 5);
        rejected(numeric);
    }

    @Test
    void execMustBeAnObject() {
        ApiException e = assertThrows(ApiException.class, () -> Exec.fromJson(Json.parse("\"x\""), MANIFEST));
        assertEquals(400, e.status());
        assertThrows(ApiException.class, () -> Exec.fromJson(null, MANIFEST));
    }

    @Test
    void mainMustBeAString() {
        ObjectNode o = exec("nodejs:20", JS);
        o.put("main", "handler");
        assertEquals("handler", Exec.fromJson(o, MANIFEST).main());
        o.put("main", 3);
        assertTrue(rejected(o).getMessage().contains("'main' must be a string defined in 'exec'"));
    }

    @Test
    void base64CodeIsBinary() {
        String zip = Base64.getEncoder().encodeToString(new byte[]{0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7});
        assertTrue(Exec.fromJson(exec("nodejs:20", zip), MANIFEST).binary());
        assertFalse(Exec.fromJson(exec("nodejs:20", JS), MANIFEST).binary());
        for (String notBase64 : List.of("", "   ", "abc", "ab$d", "a b c d")) {
            assertFalse(Exec.isBinaryCode(notBase64), notBase64);
        }
    }

    @Test
    void explicitBinaryFlagIsKept() {
        ObjectNode o = exec("nodejs:20", JS);
        o.put("binary", true);
        assertTrue(Exec.fromJson(o, MANIFEST).binary());
        o.put("binary", false);
        assertFalse(Exec.fromJson(o, MANIFEST).binary());
    }

    @Test
    void jsonFormsAndStoredRoundTrip() {
        Exec e = new Exec("python:3.11", "def main(a): return a", false, "main");
        assertFalse(e.toJson(false).has("code"));
        assertEquals(Json.parse("{\"kind\":\"python:3.11\",\"code\":\"def main(a): return a\",\"binary\":false,\"main\":\"main\"}"),
                e.toJson(true));
        assertEquals(e, Exec.fromStored(Json.parse(Json.write(e.toJson(true)))));
    }

    @Test
    void blackboxNeedsAnImageAndKeepsItThroughStorage() {
        ObjectNode withImage = exec("blackbox", null);
        withImage.put("image", "openwhisk/dockerskeleton");
        Exec e = Exec.fromJson(withImage, MANIFEST);
        assertTrue(e.isBlackbox());
        assertEquals("openwhisk/dockerskeleton", e.image());
        assertNull(e.code());
        ObjectNode shown = e.toJson(true);
        assertEquals("blackbox", shown.get("kind").asText());
        assertEquals("openwhisk/dockerskeleton", shown.get("image").asText());
        assertFalse(shown.has("code"), "a blackbox action without code shows none, as OpenWhisk: " + shown);
        assertEquals(e, Exec.fromStored(shown));

        ObjectNode withCode = exec("blackbox", "print('hi')");
        withCode.put("image", "brisk/action-python:dev");
        Exec c = Exec.fromJson(withCode, MANIFEST);
        assertEquals("print('hi')", c.code());
        assertEquals(c, Exec.fromStored(c.toJson(true)));

        ApiException missing = rejected(exec("blackbox", null));
        assertTrue(missing.getMessage().contains("'image' must be a string"), missing.getMessage());
    }
}
