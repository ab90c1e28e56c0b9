package dev.brisk.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A stored document in CouchDB's model: an id, the revision it is at, and its body (without _id/_rev). */
public record Document(String id, String rev, ObjectNode body) {
}
