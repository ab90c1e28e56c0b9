package dev.brisk.controller.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.entity.ActionStore;
import dev.brisk.controller.entity.PackageStore;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.StoreException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * Installs the catalog in {@code whisk.system} at start (after the subjects are seeded), through the same stores a
 * user's PUT goes through. Each entity it writes carries the annotation {@code brisk-catalog}
 * ({@code {version, digest}}): at the next start an entity is written again when the catalog's version changed, and
 * left alone when it is missing the annotation (someone else made it) or its digest no longer matches what it holds
 * (an operator changed it). {@code brisk.catalog.install=false} turns it off. Several controllers may do this at once:
 * a conflict means another wrote first.
 */
@ApplicationScoped
public class CatalogInstaller {
    static final String MARK = "brisk-catalog";
    private static final System.Logger LOG = System.getLogger(CatalogInstaller.class.getName());

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

    void start(@Observes @Priority(2) @Initialized(ApplicationScoped.class) Object event) {
        if (!install) {
            return;
        }
        Catalog catalog = Catalog.load();
        if (!installAll(catalog)) {
            // the store is not reachable yet: keep trying in the background
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

    /** Installs or upgrades what needs it; false when the store could not be reached. */
    boolean installAll(Catalog catalog) {
        Identity system = new Identity(catalog.namespace(), catalog.namespace(), null, null);
        try {
            int written = 0;
            for (Catalog.Package p : catalog.packages()) {
                Optional<JsonNode> stored = storedPackage(catalog.namespace(), p.name());
                if (shouldWrite(stored.map(s -> s.path("annotations")), null, catalog.version())) {
                    packages.put(system, catalog.namespace(), p.name(),
                            Json.write(marked(p.body(), null, catalog.version())), true);
                    written++;
                }
                for (Catalog.Action a : p.actions()) {
                    String path = p.name() + "/" + a.name();
                    Optional<WhiskAction> current = storedAction(system, catalog.namespace(), path);
                    Optional<JsonNode> annotations = current.map(w -> w.annotations().toJson());
                    String code = current.map(w -> w.exec().code()).orElse(null);
                    if (shouldWrite(annotations, code, catalog.version())) {
                        actions.put(system, catalog.namespace(), path,
                                Json.write(marked(a.body(), a.code(), catalog.version())), true);
                        written++;
                    }
                }
            }
            if (written > 0) {
                LOG.log(System.Logger.Level.INFO, "catalog " + catalog.version() + ": " + written + " entities of "
                        + catalog.namespace() + " installed or upgraded");
            }
            return true;
        } catch (StoreException e) {
            return false;
        } catch (ApiException e) {
            if (e.status() == 409 || e.status() == 503) {
                return e.status() == 409; // another controller wrote first; 503: the store is not reachable
            }
            throw e;
        }
    }

    /**
     * Write when the entity is missing, or is ours, unchanged since we wrote it, and of another catalog version.
     */
    static boolean shouldWrite(Optional<JsonNode> annotations, String code, String version) {
        if (annotations.isEmpty()) {
            return true;
        }
        JsonNode mark = Parameters.fromJson(annotations.get()).get(MARK).orElse(null);
        if (mark == null) {
            return false; // not ours
        }
        List<String> keys = Catalog.keys(annotations.get()).stream()
                .filter(k -> !k.equals(MARK) && !k.equals("exec") && !k.equals("provide-api-key")).toList();
        boolean unchanged = mark.path("digest").asText().equals(Catalog.digest(code, annotations.get(), keys));
        return unchanged && !version.equals(mark.path("version").asText());
    }

    /** The body with the mark of what it holds. */
    private static ObjectNode marked(ObjectNode body, String code, String version) {
        JsonNode annotations = body.path("annotations");
        String digest = Catalog.digest(code, annotations, Catalog.keys(annotations));
        ObjectNode mark = Json.object().put("version", version).put("digest", digest);
        ((com.fasterxml.jackson.databind.node.ArrayNode) annotations).add(Json.object().put("key", MARK)
                .set("value", mark));
        return body;
    }

    private Optional<JsonNode> storedPackage(String namespace, String name) {
        try {
            return Optional.of(packages.get(namespace, name).toJson());
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<WhiskAction> storedAction(Identity system, String namespace, String path) {
        try {
            return Optional.of(actions.read(system, namespace, path).action());
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
