package dev.brisk.store.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.Stores;

import java.nio.file.Path;

/**
 * Runs in a child JVM for {@link EmbeddedPersistenceTest}: writes activations and prints {@code ack <id> <rev>} after
 * each {@code put} returned. {@code halt N}: N writes then {@link Runtime#halt} (no close, no shutdown hooks);
 * {@code forever}: writes until the parent kills the process.
 */
public final class ChildWriter {
    public static void main(String[] args) {
        Stores stores = new EmbeddedStoreProvider().open(java.util.Map.of("path", args[0]));
        DocumentStore activations = stores.activations();
        boolean forever = args[1].equals("forever");
        int n = forever ? Integer.MAX_VALUE : Integer.parseInt(args[2]);
        for (int i = 0; i < n; i++) {
            String id = "guest/" + String.format("%032x", i % 50);
            String rev = activations.get(id).map(d -> d.rev()).orElse(null);
            String newRev = activations.put(id, rev, activation(id, i));
            System.out.println("ack " + id + " " + newRev);
            System.out.flush();
        }
        Runtime.getRuntime().halt(0);
    }

    static ObjectNode activation(String id, long start) {
        ObjectNode o = Json.object();
        o.put("namespace", "guest");
        o.put("name", "hello");
        o.put("activationId", id.substring(id.indexOf('/') + 1));
        o.put("start", start);
        o.put("padding", "p".repeat(2000));
        return o;
    }
}
