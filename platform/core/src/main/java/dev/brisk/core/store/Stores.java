package dev.brisk.core.store;

/** The three databases of OpenWhisk's layout: subjects (identities), whisks (entities), activations. */
public interface Stores extends AutoCloseable {
    DocumentStore subjects();

    DocumentStore whisks();

    DocumentStore activations();

    /** Whether the backing service answers; feeds the readiness check. */
    boolean isAvailable();

    @Override
    void close();
}
