package dev.brisk.controller.entity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResolvedActionTest {

    private static Parameters params(String json) {
        return Parameters.fromJson(Json.parse(json));
    }

    private static ResolvedAction resolved(String annotations, String parameters, String inherited) {
        WhiskAction action = new WhiskAction("alice/pkg", "a", SemVer.parse("0.0.1"), false, params(annotations),
                params(parameters), null, null, 0L);
        return new ResolvedAction(action, "1", params(inherited), null);
    }

    @Test
    void aFinalActionProtectsItsAndItsPackagesDefinedParameters() {
        ResolvedAction target = resolved("[{\"key\": \"final\", \"value\": true}]",
                "[{\"key\": \"x\", \"value\": 1}, {\"key\": \"empty\", \"value\": null}]",
                "[{\"key\": \"fromPackage\", \"value\": \"p\"}]");
        assertEquals(Set.of("x", "fromPackage"), target.immutableParameters());
    }

    @Test
    void withoutTheAnnotationNothingIsProtected() {
        assertEquals(Set.of(), resolved("[]", "[{\"key\": \"x\", \"value\": 1}]", "[]").immutableParameters());
        assertEquals(Set.of(), resolved("[{\"key\": \"final\", \"value\": false}]",
                "[{\"key\": \"x\", \"value\": 1}]", "[]").immutableParameters());
    }

    @Test
    void aPayloadNamingAFinalParameterIsA400() {
        ResolvedAction target = resolved("[{\"key\": \"final\", \"value\": true}]",
                "[{\"key\": \"x\", \"value\": 1}, {\"key\": \"empty\", \"value\": null}]", "[]");
        ApiException refused = assertThrows(ApiException.class,
                () -> target.requireNoFinalOverride(Json.parse("{\"x\": 2}")));
        assertEquals(400, refused.status());
        assertEquals(Messages.PARAMETERS_NOT_ALLOWED, refused.getMessage());
        assertDoesNotThrow(() -> target.requireNoFinalOverride(Json.parse("{\"empty\": 2, \"y\": 3}")));
    }
}
