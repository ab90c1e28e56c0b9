package dev.brisk.controller.limits;

import dev.brisk.core.entity.Identity;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * OpenWhisk's entitlement throttles (Entitlement.checkThrottles): invokes per minute and activations in flight per
 * namespace for action invocations, fires per minute for triggers; each refusal is a 429 with OpenWhisk's text.
 */
@ApplicationScoped
public class Throttles {
    private final NamespaceLimits limits;
    private final ActivationsInFlight inFlight;

    private final RateLimiter invokes = new RateLimiter();
    private final RateLimiter fires = new RateLimiter();

    @Inject
    public Throttles(NamespaceLimits limits, ActivationsInFlight inFlight) {
        this.limits = limits;
        this.inFlight = inFlight;
    }

    public void checkInvoke(Identity caller) {
        String ns = caller.namespace();
        NamespaceLimits.Effective l = limits.of(ns);
        long count = invokes.acquire(ns, l.invocationsPerMinute());
        if (count > 0) {
            throw new ApiException(429, Messages.tooManyRequests(count, l.invocationsPerMinute()));
        }
        int active = inFlight.activeActivations(ns);
        if (active >= l.concurrentInvocations()) {
            throw new ApiException(429, Messages.tooManyConcurrentRequests(active, l.concurrentInvocations()));
        }
    }

    public void checkFire(Identity caller) {
        String ns = caller.namespace();
        NamespaceLimits.Effective l = limits.of(ns);
        long count = fires.acquire(ns, l.firesPerMinute());
        if (count > 0) {
            throw new ApiException(429, Messages.tooManyRequests(count, l.firesPerMinute()));
        }
    }
}
