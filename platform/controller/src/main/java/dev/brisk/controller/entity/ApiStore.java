package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.Stores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The API gateway's routes of each namespace: one document per namespace in the whisks database (id
 * {@code apigw:<namespace>}, a name no entity can have), holding each API's swagger document by base path. One
 * document per namespace keeps a namespace's routes one read away when a request is routed, and needs no view, so
 * every {@link DocumentStore} (embedded, CouchDB) keeps them as it keeps any document.
 */
@ApplicationScoped
public class ApiStore {
    private static final String PREFIX = "apigw:";
    private static final int ATTEMPTS = 5;
    private final DocumentStore whisks;

    @Inject
    public ApiStore(Stores stores) {
        this(stores.whisks());
    }

    public ApiStore(DocumentStore whisks) {
        this.whisks = whisks;
    }

    /** The namespace's APIs by base path, in the order they were created. */
    public Map<String, ObjectNode> apis(String namespace) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        whisks.get(PREFIX + namespace).ifPresent(d -> d.body().path("apis").properties()
                .forEach(e -> out.put(e.getKey(), (ObjectNode) e.getValue().deepCopy())));
        return out;
    }

    /** Changes one API (null from {@code change}: the API is removed); retried when a concurrent write won. */
    public Optional<ObjectNode> update(String namespace, String basePath, UnaryOperator<ObjectNode> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<Document> doc = whisks.get(PREFIX + namespace);
            ObjectNode body = doc.map(d -> d.body().deepCopy()).orElseGet(() -> {
                ObjectNode b = Json.object();
                b.put("namespace", namespace);
                return b;
            });
            ObjectNode apis = body.has("apis") && body.get("apis").isObject()
                    ? (ObjectNode) body.get("apis") : body.putObject("apis");
            ObjectNode old = apis.has(basePath) ? (ObjectNode) apis.get(basePath).deepCopy() : null;
            ObjectNode changed = change.apply(old);
            if (changed == null) {
                apis.remove(basePath);
            } else {
                apis.set(basePath, changed);
            }
            try {
                if (apis.isEmpty() && doc.isPresent()) {
                    whisks.delete(doc.get().id(), doc.get().rev());
                } else if (!apis.isEmpty()) {
                    whisks.put(PREFIX + namespace, doc.map(Document::rev).orElse(null), body);
                }
                return Optional.ofNullable(changed);
            } catch (DocumentConflictException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
