package dev.brisk.core.json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bodies the fuzzer found accepted: a valid first value followed by anything else is malformed, as in spray-json. */
class JsonStrictnessTest {
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}{\"b\":2}", "{}x", "{},", "{}}", "{\"a\":1} <>", "[] []", "1 2"})
    void trailingContentIsMalformed(String body) {
        assertThrows(Json.MalformedJsonException.class, () -> Json.parse(body));
        assertThrows(Json.MalformedJsonException.class, () -> Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
