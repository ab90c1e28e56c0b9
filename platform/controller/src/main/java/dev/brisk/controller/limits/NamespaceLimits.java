package dev.brisk.controller.limits;

import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.entity.UserLimits;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.store.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
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
    private final Duration retention;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param retention how long activations are kept where a namespace sets nothing ({@code brisk.activations.retention},
     *                  an ISO-8601 duration; zero, the default, keeps them for ever, as OpenWhisk does)
     */
    @Inject
    public NamespaceLimits(SubjectStore subjects, SystemLimits system,
                           @ConfigProperty(name = "brisk.activations.retention", defaultValue = "PT0S") Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("brisk.activations.retention must not be negative: " + retention);
        }
        this.subjects = subjects;
        this.system = system;
        this.retention = retention;
    }

    public NamespaceLimits(SubjectStore subjects, SystemLimits system) {
        this(subjects, system, Duration.ZERO);
    }

    private record Cached(Optional<UserLimits> overrides, long expires) {
    }

    /**
     * The three throttles of a namespace (OpenWhisk's UserLimits, with the system defaults filled in), and how long
     * its activations are kept (0: for ever).
     */
    public record Effective(int invocationsPerMinute, int concurrentInvocations, int firesPerMinute,
                            long activationRetentionSeconds) {
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
                o.firesPerMinute().orElse(system.firesPerMinute()),
                o.activationRetentionSeconds().isPresent() ? o.activationRetentionSeconds().getAsInt()
                        : retention.toSeconds());
    }

    /** Forgets the cached document of {@code namespace}, e.g. after its limits were set. */
    public void invalidate(String namespace) {
        cache.remove(namespace);
    }
}
