package dev.brisk.controller.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.brisk.core.entity.Identity;
import dev.brisk.core.message.ActivationMessage;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightActivationsTest {
    private final InFlightActivations inFlight = new InFlightActivations();

    @Test
    void eachActivationLeavesOnceAndItsNamespaceCountFollows() {
        var a1 = activation("a1", "alice");
        var a2 = activation("a2", "alice");
        var b1 = activation("b1", "bob");
        inFlight.add(a1);
        inFlight.add(a2);
        inFlight.add(b1);
        assertEquals(2, inFlight.activeActivations("alice"));
        assertEquals(1, inFlight.activeActivations("bob"));
        assertEquals(0, inFlight.activeActivations("carol"));

        assertSame(a1, inFlight.finish("a1"));
        assertNull(inFlight.finish("a1"), "finished twice");
        assertTrue(inFlight.giveUp(b1));
        assertFalse(inFlight.giveUp(b1), "given up twice");
        assertFalse(inFlight.giveUp(a1), "given up after it finished");
        assertEquals(1, inFlight.activeActivations("alice"));
        assertEquals(0, inFlight.activeActivations("bob"));
        assertEquals(1, inFlight.all().size());
        assertSame(a2, inFlight.finish("a2"));
        assertTrue(inFlight.isEmpty());
        assertEquals(0, inFlight.activeActivations("alice"));
    }

    private static InFlightActivations.Activation activation(String id, String namespace) {
        ActivationMessage msg = new ActivationMessage("t", id, namespace + "/x", null,
                new Identity(namespace, namespace, "uuid-" + namespace, "key"), null, 0, false, null, 0, null);
        return new InFlightActivations.Activation(msg, 0, 256, Long.MAX_VALUE, new CompletableFuture<>());
    }
}
