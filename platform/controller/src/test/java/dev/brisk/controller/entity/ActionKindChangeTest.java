package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.brisk.controller.entity.EntityFixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ACT-050: an update to another kind keeps parameters and annotations as Actions.scala updateWhiskAction does. */
class ActionKindChangeTest {
    private static final String PYTHON = "{\"exec\": {\"kind\": \"python:default\", \"code\": \"def main(a):\\n  return a\"}}";
    private static final String NODE = "{\"exec\": {\"kind\": \"nodejs:default\", \"code\": \"function main(p){return p}\"}}";

    @TempDir
    Path dir;
    private EntityFixture f;

    @BeforeEach
    void setUp() {
        f = new EntityFixture(dir);
        f.actions.put(ALICE, "alice", "shifty", "{\"exec\": {\"kind\": \"nodejs:default\", \"code\": \"function main(){}\"},"
                + " \"parameters\": [{\"key\": \"greeting\", \"value\": \"hi\"}],"
                + " \"annotations\": [{\"key\": \"note\", \"value\": \"kept\"}]}", false);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private WhiskAction update(String body) {
        return f.actions.put(ALICE, "alice", "shifty", body, true);
    }

    private static JsonNode value(Parameters p, String key) {
        return p.toObject().get(key);
    }

    @Test
    void anotherCodeKindKeepsParametersAndAnnotationsAndNamesTheNewKind() {
        WhiskAction a = update(PYTHON);
        assertTrue(a.exec().kind().startsWith("python:"), a.exec().kind());
        assertEquals(Json.parse("{\"greeting\": \"hi\"}"), a.parameters().toObject());
        assertEquals("kept", value(a.annotations(), "note").asText());
        assertEquals(a.exec().kind(), value(a.annotations(), "exec").asText());
    }

    @Test
    void aSequenceHoldsOnlyItsComponentsAndItsCodeSuccessorStartsWithoutParameters() {
        f.action(ALICE, "alice", "step");
        WhiskAction seq = update("{\"exec\": {\"kind\": \"sequence\", \"components\": [\"/alice/step\"]}}");
        assertEquals(1, seq.parameters().entries().size(), seq.parameters().toString());
        assertTrue(value(seq.parameters(), "_actions").isArray(), seq.parameters().toString());
        assertEquals("sequence", value(seq.annotations(), "exec").asText());
        assertEquals("kept", value(seq.annotations(), "note").asText());

        WhiskAction code = update(NODE);
        assertEquals(Parameters.EMPTY.toObject(), code.parameters().toObject());
        assertEquals("kept", value(code.annotations(), "note").asText());
        assertTrue(value(code.annotations(), "exec").asText().startsWith("nodejs:"));
    }

    @Test
    void aSequenceToCodeTakesTheParametersTheBodyGives() {
        f.action(ALICE, "alice", "step");
        update("{\"exec\": {\"kind\": \"sequence\", \"components\": [\"/alice/step\"]}}");
        WhiskAction code = update("{\"exec\": {\"kind\": \"nodejs:default\", \"code\": \"function main(p){return p}\"},"
                + " \"parameters\": [{\"key\": \"b\", \"value\": 2}]}");
        assertEquals(Json.parse("{\"b\": 2}"), code.parameters().toObject());
    }
}
