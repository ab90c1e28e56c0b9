package dev.brisk.conformance.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statements the suite carries for its coverage report, and how one statement is read. */
class SpecTest {

    @Test
    void theSuiteCarriesEveryStatement() throws IOException {
        Map<String, Spec.Statement> carried = Spec.fromClasspath();
        assertEquals(Spec.read(java.nio.file.Path.of("../spec")).keySet(), carried.keySet());
        assertEquals("core", carried.get("AUTH-001").category());
        assertEquals("faults", carried.get("FLT-001").category());
    }

    @Test
    void aStatementsPartsAreRead() {
        Map<String, Spec.Statement> parsed = Spec.parse("""
                # File

                ### ABC-001 First one
                Text.
                Source: x
                Category: core

                ### ABC-002 Second one
                Text that names HostileActionsIT.
                Status: withdrawn (no longer OpenWhisk's)
                Checked by: BackendOutagesIT (the bus must be stopped)
                Category: faults
                """);
        assertEquals(2, parsed.size());
        Spec.Statement first = parsed.get("ABC-001");
        assertEquals("First one", first.title());
        assertEquals(false, first.withdrawn());
        assertNull(first.checkedBy());
        Spec.Statement second = parsed.get("ABC-002");
        assertTrue(second.withdrawn());
        assertEquals("faults", second.category());
        assertEquals(java.util.Set.of("HostileActionsIT", "BackendOutagesIT"), second.namedIntegrationTests());
        assertEquals(java.util.Set.of("BackendOutagesIT"), second.checkedByIntegrationTests());
    }
}
