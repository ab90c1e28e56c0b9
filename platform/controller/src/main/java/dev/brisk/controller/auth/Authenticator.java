package dev.brisk.controller.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.AuthKey;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import dev.brisk.core.store.WhiskViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the identity of a {@code uuid:key} in the subjects database (view by uuid) and checks the secret in
 * constant time. Identities are cached for a short time, as OpenWhisk caches them, so a hot path costs no store read.
 */
@ApplicationScoped
public class Authenticator {
    private static final long CACHE_MILLIS = 5_000;

    @Inject
    Stores stores;

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

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
        for (ViewRow row : stores.subjects().query(WhiskViews.IDENTITIES_BY_UUID, ViewQuery.prefix(uuid))) {
            JsonNode doc = row.document().body();
            for (JsonNode ns : doc.path("namespaces")) {
                if (uuid.equals(ns.path("uuid").asText())) {
                    return Optional.of(new Identity(doc.path("subject").asText(), ns.path("name").asText(), uuid,
                            uuid + ":" + ns.path("key").asText()));
                }
            }
        }
        return Optional.empty();
    }

    /** Forgets cached identities, e.g. after a key changed. */
    public void invalidate() {
        cache.clear();
    }
}
