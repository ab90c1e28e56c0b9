package dev.brisk.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.Function;

/**
 * A view of a database: which keys a document is indexed under. The embedded store runs {@code keys}; the CouchDB
 * store installs {@code couchMap}, a JavaScript map function that emits the same keys, in a design document. The
 * embedded store keeps {@code couchMap} as the signature of the index it built: a changed map text rebuilds the
 * index, a change to {@code keys} alone does not.
 */
public record ViewDefinition(String name, Function<ObjectNode, List<List<Object>>> keys, String couchMap) {
}
