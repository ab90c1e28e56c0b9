package dev.brisk.controller.limits;

import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.entity.UserLimits;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.store.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The throttles in force for a namespace: the system defaults ({@code brisk.limits.*}) overridden by the fields
 * {@code invocationsPerMinute}, {@code concurrentInvocations} and {@code firesPerMinute} of the subjects document
 * {@code <namespace>/limits}, as OpenWhisk reads them (wskadmin limits set). Read documents are cached briefly.
 */
@ApplicationScoped
public class NamespaceLimits {
    static final long CACHE_MILLIS = 10_000;

    private final SubjectStore subjects;
    private final SystemLimits system;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public NamespaceLimits(SubjectStore subjects, SystemLimits system) {
        this.subjects = subjects;
        this.system = system;
    }

    private record Cached(Optional<UserLimits> overrides, long expires) {
    }

    /** The three throttles of a namespace (OpenWhisk's UserLimits, with the system defaults filled in). */
    public record Effective(int invocationsPerMinute, int concurrentInvocations, int firesPerMinute) {
    }

    public Effective of(String namespace) {
        long now = System.currentTimeMillis();
        Cached hit = cache.get(namespace);
        if (hit == null || hit.expires() <= now) {
            Optional<UserLimits> doc;
            try {
                doc = subjects.limits(namespace);
            } catch (StoreException e) {
                doc = hit == null ? Optional.empty() : hit.overrides(); // keep what we knew while the store is away
            }
            hit = new Cached(doc, now + CACHE_MILLIS);
            cache.put(namespace, hit);
        }
        UserLimits o = hit.overrides().orElse(UserLimits.NONE);
        return new Effective(o.invocationsPerMinute().orElse(system.invocationsPerMinute()),
                o.concurrentInvocations().orElse(system.concurrentInvocations()),
                o.firesPerMinute().orElse(system.firesPerMinute()));
    }

    /** Forgets the cached document of {@code namespace}, e.g. after its limits were set. */
    public void invalidate(String namespace) {
        cache.remove(namespace);
    }
}
