package dev.brisk.controller.auth;

import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.core.entity.AuthKey;
import dev.brisk.core.entity.Identity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the identity of a {@code uuid:key} among the subjects (by uuid; blocked subjects have none) and checks the
 * secret in constant time. Identities are cached for a short time, as OpenWhisk caches them, so a hot path costs no
 * store read.
 */
@ApplicationScoped
public class Authenticator {
    private static final long CACHE_MILLIS = 5_000;

    private final SubjectStore subjects;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public Authenticator(SubjectStore subjects) {
        this.subjects = subjects;
    }

    private record Cached(Optional<Identity> identity, long expires) {
    }

    public Optional<Identity> authenticate(String credentials) {
        Optional<AuthKey> key = AuthKey.parse(credentials);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Cached hit = cache.get(key.get().uuid());
        Optional<Identity> identity;
        if (hit != null && hit.expires() > now) {
            identity = hit.identity();
        } else {
            identity = lookup(key.get().uuid());
            cache.put(key.get().uuid(), new Cached(identity, now + CACHE_MILLIS));
        }
        return identity.filter(id -> AuthKey.parse(id.authKey()).map(stored -> stored.keyEquals(key.get().key()))
                .orElse(false));
    }

    private Optional<Identity> lookup(String uuid) {
        return subjects.withUuid(uuid).stream().findFirst()
                .map(s -> s.identity(s.namespaceWithUuid(uuid).orElseThrow()));
    }

    /** Forgets cached identities, e.g. after a key changed. */
    public void invalidate() {
        cache.clear();
    }
}
