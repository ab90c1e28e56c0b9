package dev.brisk.store.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.ViewDefinition;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One database of {@link EmbeddedStores}. Maps: {@code db/<name>/docs} id → {@code rev '\n' json};
 * {@code db/<name>/view/<view>} {@link ViewKeyCodec#entry index entry} → id; {@code db/<name>/views} view → the
 * CouchDB map text its index was built with. Reads are lock-free (MVMap); writes go through
 * {@link EmbeddedStores#write}.
 */
final class EmbeddedDocumentStore implements DocumentStore {
    private final EmbeddedStores owner;
    private final String name;
    private final MVMap<String, String> docs;
    private final Map<String, View> views = new LinkedHashMap<>();

    private record View(ViewDefinition definition, MVMap<String, String> index) {
    }

    EmbeddedDocumentStore(EmbeddedStores owner, String name, List<ViewDefinition> definitions) {
        this.owner = owner;
        this.name = name;
        MVStore store = owner.mvStore();
        this.docs = store.openMap("db/" + name + "/docs", stringMap());
        MVMap<String, String> built = store.openMap("db/" + name + "/views", stringMap());
        for (ViewDefinition d : definitions) {
            View view = new View(d, store.openMap("db/" + name + "/view/" + d.name(), stringMap()));
            views.put(d.name(), view);
            String signature = String.valueOf(d.couchMap());
            if (!signature.equals(built.get(d.name()))) {
                owner.write(() -> new EmbeddedStores.Change<>(null, () -> {
                    reindex(view);
                    built.put(d.name(), signature);
                }));
            }
        }
    }

    private static MVMap.Builder<String, String> stringMap() {
        return new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE);
    }

    private void reindex(View view) {
        view.index.clear();
        docs.forEach((id, stored) -> index(view, id, body(stored), true));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Document> get(String id) {
        String stored = owner.read(() -> docs.get(id));
        return stored == null ? Optional.empty() : Optional.of(new Document(id, rev(stored), body(stored)));
    }

    @Override
    public String put(String id, String rev, ObjectNode body) {
        Objects.requireNonNull(id, "id");
        String json = Json.write(body);
        ObjectNode copy = (ObjectNode) Json.parse(json); // the view functions see exactly what is stored
        return owner.write(() -> {
            String current = docs.get(id);
            String currentRev = current == null ? null : rev(current);
            if (!Objects.equals(rev, currentRev)) {
                throw new DocumentConflictException(id);
            }
            String newRev = nextRev(currentRev);
            // every index entry worked out before anything is written: a view function that throws changes nothing
            List<Runnable> indexes = new ArrayList<>();
            for (View view : views.values()) {
                List<String> old = current == null ? List.of() : entries(view, id, body(current));
                List<String> now = entries(view, id, copy);
                indexes.add(() -> {
                    old.forEach(view.index::remove);
                    now.forEach(entry -> view.index.put(entry, id));
                });
            }
            return new EmbeddedStores.Change<>(newRev, () -> {
                indexes.forEach(Runnable::run);
                docs.put(id, newRev + '\n' + json);
            });
        });
    }

    @Override
    public boolean delete(String id, String rev) {
        return owner.write(() -> {
            String current = docs.get(id);
            if (current == null) {
                return new EmbeddedStores.Change<>(false, () -> {
                });
            }
            if (!rev(current).equals(rev)) {
                throw new DocumentConflictException(id);
            }
            Runnable unindex = unindex(id, body(current));
            return new EmbeddedStores.Change<>(true, () -> {
                unindex.run();
                docs.remove(id);
            });
        });
    }

    /** One write for the whole batch, so it is committed once. */
    @Override
    public int deleteAll(List<Document> documents) {
        return owner.write(() -> {
            List<Runnable> removals = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Document d : documents) {
                String current = docs.get(d.id());
                if (current == null || !rev(current).equals(d.rev()) || !seen.add(d.id())) {
                    continue;
                }
                Runnable unindex = unindex(d.id(), body(current));
                removals.add(() -> {
                    unindex.run();
                    docs.remove(d.id());
                });
            }
            return new EmbeddedStores.Change<>(removals.size(), () -> removals.forEach(Runnable::run));
        });
    }

    /** Removes every view's entries of {@code body} when run; the entries are worked out now. */
    private Runnable unindex(String id, ObjectNode body) {
        List<Runnable> removals = new ArrayList<>();
        for (View view : views.values()) {
            List<String> old = entries(view, id, body);
            removals.add(() -> old.forEach(view.index::remove));
        }
        return () -> removals.forEach(Runnable::run);
    }

    /** The index entries {@code body} emits in {@code view} (the view function is deterministic). */
    private static List<String> entries(View view, String id, ObjectNode body) {
        List<String> entries = new ArrayList<>();
        for (List<Object> key : view.definition.keys().apply(body)) {
            entries.add(ViewKeyCodec.entry(key, id));
        }
        return entries;
    }

    /** Adds or removes the entries {@code body} emits in {@code view}; the view function is deterministic. */
    private static void index(View view, String id, ObjectNode body, boolean add) {
        for (List<Object> key : view.definition.keys().apply(body)) {
            String entry = ViewKeyCodec.entry(key, id);
            if (add) {
                view.index.put(entry, id);
            } else {
                view.index.remove(entry);
            }
        }
    }

    @Override
    public List<ViewRow> query(String viewName, ViewQuery query) {
        return owner.read(() -> rows(viewName, query));
    }

    private List<ViewRow> rows(String viewName, ViewQuery query) {
        List<ViewRow> rows = new ArrayList<>();
        int toSkip = query.skip();
        Cursor<String, String> cursor = cursor(viewName, query);
        while (cursor.hasNext() && (query.limit() <= 0 || rows.size() < query.limit())) {
            String entry = cursor.next();
            if (toSkip > 0) {
                toSkip--;
                continue;
            }
            // a concurrent delete may have removed the document since the cursor's snapshot: leave the row out
            String stored = docs.get(cursor.getValue());
            if (stored != null) {
                rows.add(new ViewRow(ViewKeyCodec.key(entry), new Document(cursor.getValue(), rev(stored), body(stored))));
            }
        }
        return rows;
    }

    @Override
    public long count(String viewName, ViewQuery query) {
        return owner.read(() -> {
            long n = 0;
            for (Cursor<String, String> cursor = cursor(viewName, query); cursor.hasNext(); cursor.next()) {
                n++;
            }
            return n;
        });
    }

    private Cursor<String, String> cursor(String viewName, ViewQuery query) {
        View view = views.get(viewName);
        if (view == null) {
            throw new IllegalArgumentException("database " + name + " has no view " + viewName);
        }
        String low = ViewKeyCodec.lowBound(query.low());
        String high = ViewKeyCodec.highBound(query.high());
        return query.descending() ? view.index.cursor(high, low, true) : view.index.cursor(low, high, false);
    }

    private static String rev(String stored) {
        return stored.substring(0, stored.indexOf('\n'));
    }

    private static ObjectNode body(String stored) {
        return (ObjectNode) Json.parse(stored.substring(stored.indexOf('\n') + 1));
    }

    /**
     * CouchDB's shape {@code N-<32 hex>}. The hex part is random rather than CouchDB's content digest: deleted
     * documents leave no tombstone here, so a digest would let a revision held from before a delete match the
     * re-created document.
     */
    private static String nextRev(String currentRev) {
        long generation = currentRev == null ? 1 : Long.parseLong(currentRev.substring(0, currentRev.indexOf('-'))) + 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return generation + "-" + String.format("%016x%016x", random.nextLong(), random.nextLong());
    }
}
