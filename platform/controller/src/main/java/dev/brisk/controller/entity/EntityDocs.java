package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import dev.brisk.core.store.WhiskViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * Entity documents of every collection in the one whisks database, keyed {@code ns/[pkg/]name}, with OpenWhisk's
 * answers: 404 when missing, 409 when the name belongs to another collection, when it is taken, or when a
 * concurrent write won.
 */
@ApplicationScoped
public class EntityDocs {
    private final Stores stores;
    private final EntityCache cache;

    @Inject
    public EntityDocs(Stores stores, EntityCache cache) {
        this.stores = stores;
        this.cache = cache;
    }

    public Optional<Document> find(String docId) {
        return cache.find(docId, () -> stores.whisks().get(docId));
    }

    /** The document of {@code entityType}; 404 when missing, 409 when it is of another collection. */
    public Document get(String docId, String entityType) {
        Document doc = find(docId).orElseThrow(ApiException::notFound);
        if (!entityType.equals(doc.body().path("entityType").asText())) {
            throw ApiException.conflict(Messages.WRONG_COLLECTION);
        }
        return doc;
    }

    /** The existing document for a PUT: empty to create; 409 when it exists and may not be overwritten. */
    public Optional<Document> forPut(String docId, String entityType, boolean overwrite) {
        Optional<Document> existing = find(docId);
        if (existing.isPresent()) {
            if (!entityType.equals(existing.get().body().path("entityType").asText())) {
                throw ApiException.conflict(Messages.WRONG_COLLECTION);
            }
            if (!overwrite) {
                throw ApiException.conflict(Messages.ALREADY_EXISTS);
            }
        }
        return existing;
    }

    /** Writes {@code body} (with its {@code entityType}) over {@code existing}, or creates it. */
    public String write(String docId, Optional<Document> existing, ObjectNode body) {
        String written = null;
        try {
            written = stores.whisks().put(docId, existing.map(Document::rev).orElse(null), body);
            return written;
        } catch (DocumentConflictException e) {
            throw ApiException.conflict(existing.isPresent() ? Messages.CONCURRENT_MODIFICATION : Messages.ALREADY_EXISTS);
        } finally {
            // after the write (or a conflict that shows our copy was stale), so no reader re-caches the old one
            cache.invalidate(docId, written);
        }
    }

    public void delete(Document doc) {
        try {
            if (!stores.whisks().delete(doc.id(), doc.rev())) {
                throw ApiException.notFound();
            }
        } catch (DocumentConflictException e) {
            throw ApiException.conflict(Messages.CONCURRENT_MODIFICATION);
        } finally {
            cache.invalidate(doc.id(), null);
        }
    }

    /** Entities of one collection in a namespace (packaged ones included), newest first. */
    public List<Document> list(String namespace, String entityType, int skip, int limit) {
        ViewQuery query = ViewQuery.prefix(namespace, entityType).descending(true).page(skip, limit);
        return stores.whisks().query(WhiskViews.ENTITIES, query).stream().map(ViewRow::document).toList();
    }

    public long count(String namespace, String entityType) {
        return stores.whisks().count(WhiskViews.ENTITIES, ViewQuery.prefix(namespace, entityType));
    }
}
