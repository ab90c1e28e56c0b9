package dev.brisk.controller.entity;

import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.WhiskViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * The subjects database, read and written as {@link Subject}s and {@link UserLimits}: the one place that knows
 * its documents and views. Writes name the revision they replace; a stale one is a {@link DocumentConflictException},
 * which the caller answers.
 */
@ApplicationScoped
public class SubjectStore {
    private final Stores stores;

    @Inject
    public SubjectStore(Stores stores) {
        this.stores = stores;
    }

    private DocumentStore db() {
        return stores.subjects();
    }

    public Optional<Subject> get(String id) {
        return db().get(id).map(Subject::fromDocument);
    }

    /**
     * Every subject, once for each of its namespaces, in the order of the namespace names (the rows of
     * {@code identities-by-namespace}).
     */
    public List<Subject> all() {
        return query(WhiskViews.IDENTITIES_BY_NAMESPACE, ViewQuery.prefix());
    }

    /** The subjects that hold a namespace named {@code namespace}, blocked or not, in view order. */
    public List<Subject> holding(String namespace) {
        return query(WhiskViews.IDENTITIES_BY_NAMESPACE, ViewQuery.prefix(namespace)).stream()
                .filter(s -> s.namespace(namespace).isPresent()).toList();
    }

    /**
     * The subjects with a namespace whose credentials have {@code uuid}; blocked subjects are not among them
     * ({@code identities-by-uuid} leaves them out, as OpenWhisk's view does).
     */
    public List<Subject> withUuid(String uuid) {
        return query(WhiskViews.IDENTITIES_BY_UUID, ViewQuery.prefix(uuid)).stream()
                .filter(s -> s.namespaceWithUuid(uuid).isPresent()).toList();
    }

    private List<Subject> query(String view, ViewQuery query) {
        return db().query(view, query).stream().map(row -> Subject.fromDocument(row.document())).toList();
    }

    /** Stores a new subject under its id; conflict when the id is taken. */
    public Subject create(Subject subject) {
        return subject.withRev(db().put(subject.id(), null, subject.toDocument()));
    }

    /** Replaces the stored revision {@code subject.rev()}; conflict when it is not the current one. */
    public Subject update(Subject subject) {
        return subject.withRev(db().put(subject.id(), subject.rev(), subject.toDocument()));
    }

    /** Deletes revision {@code subject.rev()}; conflict when it is not the current one. */
    public void delete(Subject subject) {
        db().delete(subject.id(), subject.rev());
    }

    /** The limits document of {@code namespace}; empty when it has none. */
    public Optional<UserLimits> limits(String namespace) {
        return db().get(UserLimits.docId(namespace)).map(d -> UserLimits.fromDocument(d.body()));
    }

    /** Writes the limits of {@code namespace} over whatever it had; conflict when another write came between. */
    public void putLimits(String namespace, UserLimits limits) {
        String id = UserLimits.docId(namespace);
        Optional<Document> existing = db().get(id);
        db().put(id, existing.map(Document::rev).orElse(null), limits.toDocument());
    }

    /** Deletes the limits document of {@code namespace}, if it has one. */
    public void deleteLimits(String namespace) {
        db().get(UserLimits.docId(namespace)).ifPresent(d -> db().delete(d.id(), d.rev()));
    }
}
