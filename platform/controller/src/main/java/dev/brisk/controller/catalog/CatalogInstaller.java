package dev.brisk.controller.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.entity.ActionStore;
import dev.brisk.controller.entity.PackageStore;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.StoreException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Installs the catalog in {@code whisk.system} at start (after the subjects are seeded), through the same stores a
 * user's PUT goes through, so its documents are those of user-created entities. Each entity it writes carries a
 * {@link CatalogMark}; what happens to an entity at a start is decided by {@link #step}. Several controllers may
 * start at once: a conflict on an entity means another one is writing it, and that entity is left to it.
 * {@code brisk.catalog.install=false} turns it off.
 */
@ApplicationScoped
public class CatalogInstaller {
    private static final System.Logger LOG = System.getLogger(CatalogInstaller.class.getName());
    /** Annotations the action store adds by itself: never the catalog's to remove. */
    private static final Set<String> STORE_ANNOTATIONS = Set.of("exec", "provide-api-key");

    /** What a start does to one entity of the catalog. */
    enum Step { CREATE, REWRITE, KEEP }

    private final PackageStore packages;
    private final ActionStore actions;
    private final boolean install;

    @Inject
    public CatalogInstaller(PackageStore packages, ActionStore actions,
                            @ConfigProperty(name = "brisk.catalog.install", defaultValue = "true") boolean install) {
        this.packages = packages;
        this.actions = actions;
        this.install = install;
    }

    // after SubjectSeeder (priority 1), before the server listens; never fails the start: the store may be down
    void start(@Observes @Priority(2) @Initialized(ApplicationScoped.class) Object event) {
        if (!install) {
            return;
        }
        Catalog catalog = Catalog.load();
        if (!installAll(catalog)) {
            Thread.ofVirtual().name("catalog-installer").start(() -> {
                while (!installAll(catalog)) {
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
    }

    /** Installs or upgrades what needs it; false when the store could not be reached (try again later). */
    boolean installAll(Catalog catalog) {
        String ns = catalog.namespace();
        Identity system = new Identity(ns, ns, null, null);
        try {
            int written = 0;
            for (Catalog.Package p : catalog.packages()) {
                written += install("package " + p.name(), p.body(), catalog.version(),
                        () -> stored(() -> packages.get(ns, p.name()).toJson()),
                        (body, overwrite) -> packages.put(system, ns, p.name(), body, overwrite).toJson());
                for (Catalog.Action a : p.actions()) {
                    String path = p.name() + "/" + a.name();
                    written += install("action " + path, a.body(), catalog.version(),
                            () -> stored(() -> actions.read(system, ns, path).action().toJson(true)),
                            (body, overwrite) -> actions.put(system, ns, path, body, overwrite).toJson(true));
                }
            }
            if (written > 0) {
                LOG.log(System.Logger.Level.INFO, "catalog " + catalog.version() + ": " + written + " entities of "
                        + ns + " installed or upgraded");
            }
            return true;
        } catch (StoreException e) {
            return false;
        } catch (ApiException e) {
            if (e.status() == 503) {
                return false;
            }
            throw e;
        }
    }

    /**
     * CREATE when the entity is missing; KEEP when it has no mark (the catalog did not make it), when what it holds no
     * longer matches the mark's fingerprint (an operator changed it) or when the mark's version is this catalog's;
     * otherwise REWRITE: an unchanged entity of another catalog version, or a write of ours that did not finish
     * (a mark without fingerprint).
     */
    static Step step(Optional<JsonNode> stored, String version) {
        if (stored.isEmpty()) {
            return Step.CREATE;
        }
        Optional<CatalogMark> mark = CatalogMark.in(stored.get().path("annotations"));
        if (mark.isEmpty()) {
            return Step.KEEP;
        }
        if (!mark.get().finished()) {
            return Step.REWRITE;
        }
        if (!mark.get().fingerprint().equals(Fingerprint.of(stored.get()))) {
            return Step.KEEP;
        }
        return mark.get().version().equals(version) ? Step.KEEP : Step.REWRITE;
    }

    /** PUTs of one entity: its body and whether to overwrite; answers the entity as stored. */
    private interface Put {
        JsonNode put(String body, boolean overwrite);
    }

    /** Writes one entity when {@link #step} says so; 1 when it did. */
    private int install(String what, ObjectNode body, String version, Supplier<Optional<JsonNode>> read, Put put) {
        try {
            Optional<JsonNode> stored = read.get();
            Step step = step(stored, version);
            if (step == Step.KEEP) {
                return 0;
            }
            // first the catalog's content, marked unfinished: its fingerprint is that of the entity as stored
            ObjectNode content = body.deepCopy();
            ((ArrayNode) content.get("annotations")).add(new CatalogMark(version, null).toAnnotation());
            // an action's update adds the body's annotations to the stored ones: those a new version dropped must go
            stored.ifPresent(s -> content.set("delAnnotations", stale(s, body)));
            JsonNode written = put.put(Json.write(content), step == Step.REWRITE);
            // then the mark with that fingerprint; a write of annotations alone leaves the rest as it is
            ArrayNode annotations = Json.array();
            written.path("annotations").forEach(kv -> {
                if (!CatalogMark.KEY.equals(kv.path("key").asText())) {
                    annotations.add(kv);
                }
            });
            annotations.add(new CatalogMark(version, Fingerprint.of(written)).toAnnotation());
            ObjectNode seal = Json.object();
            seal.set("annotations", annotations);
            put.put(Json.write(seal), true);
            return 1;
        } catch (ApiException e) {
            if (e.status() == 503) {
                throw e;
            }
            // 409: another controller is writing it; otherwise someone made it into what the catalog cannot write
            // (a binding in place of a package, say): the catalog leaves that entity, and still installs the others
            LOG.log(e.status() == 409 ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                    "catalog: " + what + " left as it is: " + e.status() + " " + e.getMessage());
            return 0;
        }
    }

    /** The stored annotation keys the catalog's body no longer has, less those the store adds itself. */
    private static ArrayNode stale(JsonNode stored, ObjectNode body) {
        Set<String> kept = new HashSet<>(STORE_ANNOTATIONS);
        body.path("annotations").forEach(kv -> kept.add(kv.path("key").asText()));
        ArrayNode stale = Json.array();
        stored.path("annotations").forEach(kv -> {
            if (!kept.contains(kv.path("key").asText())) {
                stale.add(kv.path("key").asText());
            }
        });
        return stale;
    }

    private static Optional<JsonNode> stored(Supplier<JsonNode> read) {
        try {
            return Optional.of(read.get());
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
