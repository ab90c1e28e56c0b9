package dev.brisk.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * One database in CouchDB's document model: documents with revisions, optimistic concurrency (a stale or missing
 * revision is a conflict), and named views that index documents by array keys. Implementations: the embedded
 * store, CouchDB through Ektorp. All of them pass {@code DocumentStoreContract}.
 */
public interface DocumentStore {

    String name();

    Optional<Document> get(String id);

    /**
     * Creates the document when {@code rev} is null, otherwise replaces revision {@code rev}.
     *
     * @return the new revision
     * @throws DocumentConflictException when the document exists (create) or {@code rev} is not current (update)
     */
    String put(String id, String rev, ObjectNode body);

    /**
     * Deletes revision {@code rev} of the document.
     *
     * @return false when there is no such document
     * @throws DocumentConflictException when {@code rev} is not current
     */
    boolean delete(String id, String rev);

    /** Rows of a view defined for this database, in key order (or reversed), with their documents. */
    List<ViewRow> query(String view, ViewQuery query);

    /** The number of rows of the view within the query's key range (skip and limit ignored). */
    long count(String view, ViewQuery query);
}
