package dev.brisk.controller.limits;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.Stores;
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

    @Inject
    Stores stores;
    @Inject
    SystemLimits system;

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<JsonNode> overrides, long expires) {
    }

    /** The three throttles of a namespace (OpenWhisk's UserLimits, with the system defaults filled in). */
    public record Effective(int invocationsPerMinute, int concurrentInvocations, int firesPerMinute) {
    }

    public static String docId(String namespace) {
        return namespace + "/limits";
    }

    public Effective of(String namespace) {
        long now = System.currentTimeMillis();
        Cached hit = cache.get(namespace);
        if (hit == null || hit.expires() <= now) {
            Optional<JsonNode> doc;
            try {
                doc = stores.subjects().get(docId(namespace)).map(Document::body);
            } catch (StoreException e) {
                doc = hit == null ? Optional.empty() : hit.overrides(); // keep what we knew while the store is away
            }
            hit = new Cached(doc, now + CACHE_MILLIS);
            cache.put(namespace, hit);
        }
        JsonNode o = hit.overrides().orElse(null);
        return new Effective(field(o, "invocationsPerMinute", system.invocationsPerMinute()),
                field(o, "concurrentInvocations", system.concurrentInvocations()),
                field(o, "firesPerMinute", system.firesPerMinute()));
    }

    private static int field(JsonNode doc, String name, int fallback) {
        return doc != null && doc.path(name).canConvertToInt() && doc.path(name).isIntegralNumber()
                ? doc.get(name).asInt() : fallback;
    }

    /** Forgets the cached document of {@code namespace}, e.g. after its limits were set. */
    public void invalidate(String namespace) {
        cache.remove(namespace);
    }
}
