package dev.brisk.store.embedded;

import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.WhiskViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Prints write throughput of the commit policy (no timing assertions: machines differ). */
class EmbeddedWriteBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void commitPerWrite() throws Exception {
        run("commit per write", dir.resolve("commit"), false, 5_000);
    }

    @Test
    void commitAndFsyncPerWrite() throws Exception {
        run("commit + fsync per write", dir.resolve("fsync"), true, 1_000);
    }

    private static void run(String label, Path path, boolean fsync, int n) throws Exception {
        try (EmbeddedStores stores = EmbeddedStores.open(path, fsync)) {
            DocumentStore activations = stores.activations();
            for (int i = 0; i < 200; i++) { // warm-up
                activations.put("warm/" + i, null, ChildWriter.activation("warm/" + i, i));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String id = "guest/" + i;
                activations.put(id, null, ChildWriter.activation(id, i));
            }
            long t1 = System.nanoTime();
            String rev = activations.get("guest/0").orElseThrow().rev();
            for (int i = 0; i < n; i++) { // updates of one document: old index entries removed each time
                rev = activations.put("guest/0", rev, ChildWriter.activation("guest/0", i));
            }
            long t2 = System.nanoTime();
            assertEquals(n + 200, activations.count(WhiskViews.ACTIVATIONS, ViewQuery.prefix("guest")));
            System.out.printf("[benchmark] %s: %d creates at %.0f writes/s, %d updates at %.0f writes/s, file %d KB%n",
                    label, n, n / ((t1 - t0) / 1e9), n, n / ((t2 - t1) / 1e9),
                    Files.size(path.resolve(EmbeddedStores.FILE_NAME)) / 1024);
        }
    }
}
