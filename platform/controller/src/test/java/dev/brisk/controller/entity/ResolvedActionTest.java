package dev.brisk.controller.entity;

import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Final parameters: with {@code final: true}, the defined ones after merging package, binding and action. */
class ResolvedActionTest {
    private static WhiskAction action(boolean fin) {
        var doc = Json.object().put("namespace", "guest").put("name", "a").put("version", "0.0.1")
                .put("publish", false);
        doc.putObject("exec").put("kind", "nodejs:20").put("code", "function main(p) { return p; }");
        var params = doc.putArray("parameters");
        params.addObject().put("key", "x").put("value", "X");
        params.addObject().put("key", "empty").putNull("value");
        var annotations = doc.putArray("annotations");
        if (fin) {
            annotations.addObject().put("key", "final").put("value", true);
        }
        doc.putObject("limits").put("timeout", 60000).put("memory", 256).put("logs", 10).put("concurrency", 1);
        return WhiskAction.fromDocument(doc);
    }

    @Test
    void finalProtectsTheDefinedParametersOfActionPackageAndBinding() {
        Parameters inherited = Parameters.fromJson(Json.parse("[{\"key\": \"p\", \"value\": 1}]"));
        assertEquals(Set.of("x", "p"), new ResolvedAction(action(true), "1-a", inherited, null).immutableParameters());
        assertEquals(Set.of(), new ResolvedAction(action(false), "1-a", inherited, null).immutableParameters());
    }
}
