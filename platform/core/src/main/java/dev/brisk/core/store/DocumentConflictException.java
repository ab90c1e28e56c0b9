package dev.brisk.core.store;

/** The write named a revision that is not the current one, or created a document that exists (CouchDB's 409). */
public class DocumentConflictException extends StoreException {
    public DocumentConflictException(String id) {
        super("document update conflict: " + id);
    }
}
