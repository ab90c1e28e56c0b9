package dev.brisk.controller.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** How a continuation's {@code action} becomes a fully qualified name (OpenWhisk's FullyQualifiedEntityName.resolveName). */
class ConductorNamesTest {
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    @Test
    void relativeNamesAreInTheCallersNamespaceAbsoluteOnesAsWritten() {
        assertEquals("/alice/triple", ConductorRunner.qualifiedName(N.textNode("triple"), "alice"));
        assertEquals("/alice/pkg/triple", ConductorRunner.qualifiedName(N.textNode("pkg/triple"), "alice"));
        assertEquals("/bob/triple", ConductorRunner.qualifiedName(N.textNode("/bob/triple"), "alice"));
        assertEquals("/bob/pkg/triple", ConductorRunner.qualifiedName(N.textNode("/bob/pkg/triple"), "alice"));
        assertEquals("/bob/pkg/triple", ConductorRunner.qualifiedName(N.textNode("bob/pkg/triple"), "alice"));
        assertEquals("/alice/triple", ConductorRunner.qualifiedName(N.textNode("/_/triple"), "alice"));
    }

    @Test
    void whatNamesNoActionIsNull() {
        assertNull(ConductorRunner.qualifiedName(N.numberNode(42), "alice"));
        assertNull(ConductorRunner.qualifiedName(N.textNode("/triple"), "alice"));
        assertNull(ConductorRunner.qualifiedName(N.textNode("a/b/c/d"), "alice"));
        assertNull(ConductorRunner.qualifiedName(N.textNode(""), "alice"));
        assertNull(ConductorRunner.qualifiedName(N.textNode("a//b"), "alice"));
        assertNull(ConductorRunner.qualifiedName(N.nullNode(), "alice"));
    }
}
