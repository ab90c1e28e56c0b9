package dev.brisk.store.embedded;

import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.DocumentStoreContract;
import dev.brisk.core.store.ViewDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class EmbeddedDocumentStoreTest extends DocumentStoreContract {
    @TempDir
    Path dir;
    private final List<EmbeddedStores> opened = new ArrayList<>();

    @Override
    protected DocumentStore newStore(String name, List<ViewDefinition> views) {
        EmbeddedStores stores = EmbeddedStores.openEmpty(dir.resolve(name), false);
        opened.add(stores);
        return stores.database(name, views);
    }

    @AfterEach
    void close() {
        opened.forEach(EmbeddedStores::close);
    }
}
