package dev.brisk.controller.http;

import dev.brisk.core.error.ApiException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargeBodyGateTest {
    /** A request of {@code length} bytes: the few methods the gate calls. */
    static ContainerRequestContext request(long length) {
        Map<String, Object> properties = new HashMap<>();
        return (ContainerRequestContext) Proxy.newProxyInstance(LargeBodyGateTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hasEntity" -> length != 0;
                    case "getLength" -> (int) Math.min(length, Integer.MAX_VALUE);
                    case "setProperty" -> properties.put((String) args[0], args[1]);
                    case "getProperty" -> properties.get((String) args[0]);
                    case "removeProperty" -> properties.remove((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void largeBodiesTakeFromTheBudgetUntilAnsweredAndSmallOnesPassFreely() {
        LargeBodyGate gate = new LargeBodyGate();
        int free = LargeBodyGate.available();
        ContainerRequestContext small = request(1000);
        gate.filter(small);
        assertEquals(free, LargeBodyGate.available(), "a small body took from the budget");
        ContainerRequestContext large = request(8L << 20);
        gate.filter(large);
        assertEquals(free - 8192, LargeBodyGate.available());
        gate.filter(large, null);
        assertEquals(free, LargeBodyGate.available(), "the answer gave the budget back");
        gate.filter(large, null);
        assertEquals(free, LargeBodyGate.available(), "given back twice");
    }

    @Test
    void whatDoesNotFitIsRefusedWithOpenWhisksServiceUnavailable() throws Exception {
        LargeBodyGate gate = new LargeBodyGate();
        ContainerRequestContext all = request(-1); // unknown length: the whole budget
        gate.filter(all);
        try {
            Thread waiter = Thread.ofVirtual().start(() -> {
                ApiException e = assertThrows(ApiException.class, () -> gate.filter(request(2L << 20)));
                assertEquals(503, e.status());
            });
            Thread.sleep(200);
            assertTrue(waiter.isAlive(), "a large body did not wait for the budget");
            waiter.interrupt();
            waiter.join(5000);
        } finally {
            gate.filter(all, null);
        }
    }
}
