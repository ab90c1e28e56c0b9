package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Packages and bindings in the whisks database with OpenWhisk's rules (Packages.scala). */
@ApplicationScoped
public class PackageStore {
    public static final String RESERVED = "default";

    private final SystemLimits limits;
    private final EntityDocs docs;

    @Inject
    public PackageStore(SystemLimits limits, EntityDocs docs) {
        this.limits = limits;
        this.docs = docs;
    }

    public WhiskPackage get(String namespace, String name) {
        EntityName.require(name);
        return WhiskPackage.fromDocument(docs.get(namespace + "/" + name, WhiskPackage.ENTITY_TYPE).body());
    }

    /**
     * A package the caller may read, and {@code source}, the package that lends it actions and parameters: itself, or
     * for a binding the package the binding names.
     */
    public record Readable(WhiskPackage pkg, WhiskPackage source) {
    }

    /**
     * The READ entitlement on a package, in this one place for every route that reads a package or reaches into one
     * (GET of the package, GET, invoke and list of its actions, a binding to it, a sequence component or a rule's
     * action in it), as OpenWhisk's PackageCollection.checkPackageReadPermission decides it. The caller reads its own
     * packages and bindings, and another namespace's published packages, never its bindings. Whatever else another
     * namespace holds under that name (a private package, a binding, an entity of another collection, or nothing) is
     * refused alike with 403 naming {@code namespace/name}, so the answer tells nothing about it ("prevents
     * information leaks about packages in other namespaces"); only in the caller's own namespace does a missing
     * package answer 404, and a name of another collection 409. A binding of the caller's is readable when the package
     * it names is, by the same rules; when it is not, the 403 names the binding.
     */
    public Readable readable(Identity caller, String namespace, String name) {
        return readable(caller.namespace(), namespace, name, docs::find);
    }

    /** {@link #readable(Identity, String, String)} over any document lookup (by id). */
    static Readable readable(String caller, String namespace, String name, Function<String, Optional<Document>> find) {
        EntityName.require(name);
        String requested = namespace + "/" + name;
        WhiskPackage pkg = permitted(caller, namespace, name, requested, find);
        WhiskPackage source = pkg;
        Set<String> seen = new HashSet<>(Set.of(requested));
        while (source.isBinding()) { // only the caller's own bindings come back from permitted()
            if (!seen.add(source.boundDocId())) {
                throw new ApiException(422, "Package binding '" + source.boundDocId() + "' contains a circular reference.");
            }
            source = permitted(caller, source.bindingNamespace(), source.bindingName(), requested, find);
        }
        return new Readable(pkg, source);
    }

    private static WhiskPackage permitted(String caller, String namespace, String name, String requested,
                                          Function<String, Optional<Document>> find) {
        boolean owner = caller.equals(namespace);
        Optional<Document> doc = find.apply(namespace + "/" + name);
        if (doc.isEmpty()) {
            throw owner ? ApiException.notFound() : forbidden(requested);
        }
        if (!WhiskPackage.ENTITY_TYPE.equals(doc.get().body().path("entityType").asText())) {
            throw owner ? ApiException.conflict(Messages.WRONG_COLLECTION) : forbidden(requested);
        }
        WhiskPackage pkg = WhiskPackage.fromDocument(doc.get().body());
        if (owner || (pkg.publish() && !pkg.isBinding())) {
            return pkg;
        }
        throw forbidden(requested);
    }

    private static ApiException forbidden(String requested) {
        return new ApiException(403, Messages.notAuthorizedOn(requested));
    }

    public WhiskPackage put(Identity caller, String namespace, String name, String body, boolean overwrite) {
        EntityName.require(name);
        if (RESERVED.equals(name)) {
            throw ApiException.badRequest("Package name 'default' is reserved.");
        }
        JsonNode content = Json.objectBody(body);
        RequestSize.checkParameters(content, "parameters", limits.parametersMaxBytes());
        RequestSize.checkParameters(content, "annotations", limits.parametersMaxBytes());
        String docId = namespace + "/" + name;
        // the package a binding names is entitled first, as OpenWhisk checks READ on it before it looks at the target
        String[] binding = binding(caller, content.get("binding"));
        Optional<Document> existing = docs.forPut(docId, WhiskPackage.ENTITY_TYPE, overwrite);
        Optional<WhiskPackage> old = existing.map(d -> WhiskPackage.fromDocument(d.body()));
        if (old.isPresent() && binding != null && !old.get().isBinding()) {
            throw ApiException.conflict("Resource is a package and cannot be converted into a binding.");
        }
        if (old.isPresent() && binding == null && content.has("binding") && old.get().isBinding()) {
            throw ApiException.conflict("Resource is a binding and cannot be converted into a package.");
        }
        if (binding == null && old.isPresent() && old.get().isBinding()) {
            binding = new String[]{old.get().bindingNamespace(), old.get().bindingName()};
        }
        EntityUpdate update = EntityUpdate.of(content);
        Parameters annotations = update.annotations(old.map(WhiskPackage::annotations).orElse(Parameters.EMPTY));
        if (binding != null) {
            annotations = annotations.with("binding", Json.object().put("namespace", binding[0]).put("name", binding[1]));
        }
        Parameters parameters = update.parameters(old.map(WhiskPackage::parameters).orElse(Parameters.EMPTY));
        boolean publish = update.publish(old.map(WhiskPackage::publish).orElse(false));
        SemVer version = update.version(old.map(WhiskPackage::version));
        WhiskPackage pkg = new WhiskPackage(namespace, name, version, publish, annotations, parameters,
                binding == null ? null : binding[0], binding == null ? null : binding[1], System.currentTimeMillis());
        docs.write(docId, existing, pkg.toDocument());
        return pkg;
    }

    /** Checks a {@code binding} field; null when the body binds nothing. */
    private String[] binding(Identity caller, JsonNode b) {
        if (b == null || b.isNull() || (b.isObject() && b.isEmpty())) {
            return null;
        }
        if (!b.isObject() || !b.path("name").isTextual()) {
            throw new Json.MalformedJsonException("binding must be an object with 'namespace' and 'name'");
        }
        String ns = b.path("namespace").asText("_");
        if (ns.isEmpty() || "_".equals(ns)) {
            ns = caller.namespace();
        }
        Readable target;
        try {
            target = readable(caller, ns, b.path("name").asText());
        } catch (ApiException e) {
            // in the caller's own namespace (Packages.rewriteEntitlementFailure); another namespace's is a 403
            throw switch (e.status()) {
                case 404 -> ApiException.badRequest("Binding references a package that does not exist.");
                case 409 -> ApiException.conflict("Cannot bind to a resource that is not a package.");
                default -> e;
            };
        }
        if (target.pkg().isBinding()) {
            throw ApiException.badRequest("Cannot bind to another package binding.");
        }
        return new String[]{ns, b.path("name").asText()};
    }

    /** GET: the package with its actions; a binding shows the bound package's actions and merged parameters. */
    public ObjectNode describe(Readable readable) {
        WhiskPackage pkg = readable.pkg();
        ObjectNode o = pkg.toJson();
        if (pkg.isBinding()) {
            o.set("parameters", readable.source().parameters().merge(pkg.parameters()).toJson());
        }
        ArrayNode actions = o.putArray("actions");
        ArrayNode feeds = o.putArray("feeds");
        for (WhiskAction a : actionsOf(readable.source())) {
            ObjectNode entry = Json.object().put("name", a.name()).put("version", a.version().toString());
            entry.set("annotations", a.annotations().toJson());
            (a.annotations().get("feed").isPresent() ? feeds : actions).add(entry);
        }
        return o;
    }

    public List<WhiskAction> actionsOf(WhiskPackage pkg) {
        return docs.list(pkg.namespace(), WhiskAction.ENTITY_TYPE, 0, 0).stream()
                .map(d -> WhiskAction.fromDocument(d.body()))
                .filter(a -> a.namespace().equals(pkg.docId())).toList();
    }

    public WhiskPackage delete(String namespace, String name, boolean force) {
        Document doc = docs.get(namespace + "/" + name, WhiskPackage.ENTITY_TYPE);
        WhiskPackage pkg = WhiskPackage.fromDocument(doc.body());
        List<WhiskAction> contents = pkg.isBinding() ? List.of() : actionsOf(pkg);
        if (!contents.isEmpty() && !force) {
            throw ApiException.conflict("Package not empty (contains " + contents.size() + " "
                    + (contents.size() == 1 ? "entity" : "entities") + "). Set force param or delete package contents.");
        }
        for (WhiskAction a : contents) {
            docs.find(a.docId()).ifPresent(docs::delete);
        }
        docs.delete(doc);
        return pkg;
    }

    /** Own packages, or the published packages (not bindings) of another namespace (view packages-public). */
    public List<WhiskPackage> list(Identity caller, String namespace, int skip, int limit) {
        boolean own = caller.namespace().equals(namespace);
        return docs.list(namespace, WhiskPackage.ENTITY_TYPE, 0, 0).stream()
                .map(d -> WhiskPackage.fromDocument(d.body()))
                .filter(p -> own || (p.publish() && !p.isBinding()))
                .skip(skip).limit(limit == 0 ? Long.MAX_VALUE : limit).toList();
    }

    /** How many packages {@link #list} shows the caller in {@code namespace}. */
    public long count(Identity caller, String namespace) {
        return list(caller, namespace, 0, 0).size();
    }
}
