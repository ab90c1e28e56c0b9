package dev.brisk.controller.http;

import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the memory that request bodies hold at once. A body becomes a byte array, a JSON tree, an entity and a
 * stored document, several times its size on the heap: sixteen 50 MB action PUTs at once took a 6 GB heap. Bodies
 * above {@link #SMALL} (and those of unknown length) each take their size from a budget of an eighth of the maximum
 * heap, waiting up to {@link #WAIT} for it; what still does not fit gets OpenWhisk's 503 in the error shape, and
 * nothing stored changes. Small bodies, nearly every request, pass freely.
 */
@Provider
@Priority(Priorities.USER + 10)
public class LargeBodyGate implements ContainerRequestFilter, ContainerResponseFilter {
    static final long SMALL = 1L << 20;
    static final long WAIT = 30;
    private static final String HELD = LargeBodyGate.class.getName() + ".kb";
    private static final int BUDGET_KB = (int) Math.max(SMALL >> 10, Runtime.getRuntime().maxMemory() / 8 >> 10);
    private static final Semaphore BUDGET = new Semaphore(BUDGET_KB, true);

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.hasEntity() || request.getLength() >= 0 && request.getLength() <= SMALL) {
            return;
        }
        // unknown length (chunked): counted as the largest body the budget allows
        long length = request.getLength() < 0 ? (long) BUDGET_KB << 10 : request.getLength();
        int kb = (int) Math.min(BUDGET_KB, (length + 1023) >> 10);
        try {
            if (!BUDGET.tryAcquire(kb, WAIT, TimeUnit.SECONDS)) {
                throw new ApiException(503, Messages.SERVICE_UNAVAILABLE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, Messages.SERVICE_UNAVAILABLE);
        }
        request.setProperty(HELD, kb);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(HELD) instanceof Integer kb) {
            request.removeProperty(HELD);
            BUDGET.release(kb);
        }
    }

    /** KB of body budget free now (for tests and metrics). */
    static int available() {
        return BUDGET.availablePermits();
    }
}
