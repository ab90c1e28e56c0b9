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

    /**
     * Deletes these revisions in one batch (CouchDB's {@code _bulk_docs}), for jobs that delete many documents such
     * as activation retention. A document changed or deleted since its revision was read is left alone, not an error.
     *
     * @return how many documents were deleted
     */
    default int deleteAll(List<Document> documents) {
        int deleted = 0;
        for (Document d : documents) {
            try {
                deleted += delete(d.id(), d.rev()) ? 1 : 0;
            } catch (DocumentConflictException e) {
                // changed meanwhile: not this batch's to delete
            }
        }
        return deleted;
    }

    /** Rows of a view defined for this database, in key order (or reversed), with their documents. */
    List<ViewRow> query(String view, ViewQuery query);

    /** The number of rows of the view within the query's key range (skip and limit ignored). */
    long count(String view, ViewQuery query);
}
