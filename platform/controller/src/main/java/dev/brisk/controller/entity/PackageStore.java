package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/** Packages and bindings in the whisks database with OpenWhisk's rules (Packages.scala). */
@ApplicationScoped
public class PackageStore {
    public static final String RESERVED = "default";

    @Inject
    dev.brisk.core.entity.SystemLimits limits;
    @Inject
    EntityDocs docs;

    public WhiskPackage get(String namespace, String name) {
        EntityName.require(name);
        return WhiskPackage.fromDocument(docs.get(namespace + "/" + name, WhiskPackage.ENTITY_TYPE).body());
    }

    public Optional<WhiskPackage> find(String docId) {
        return docs.find(docId).filter(d -> WhiskPackage.ENTITY_TYPE.equals(d.body().path("entityType").asText()))
                .map(d -> WhiskPackage.fromDocument(d.body()));
    }

    /** Whether {@code caller} may read {@code pkg}: its own, or published. */
    public static boolean readable(Identity caller, WhiskPackage pkg) {
        return pkg.namespace().equals(caller.namespace()) || pkg.publish();
    }

    public WhiskPackage put(Identity caller, String namespace, String name, String body, boolean overwrite) {
        EntityName.require(name);
        if (RESERVED.equals(name)) {
            throw ApiException.badRequest("Package name 'default' is reserved.");
        }
        JsonNode content = Json.objectBody(body);
        dev.brisk.controller.limits.RequestSize.checkParameters(content, "parameters", limits.parametersMaxBytes());
        dev.brisk.controller.limits.RequestSize.checkParameters(content, "annotations", limits.parametersMaxBytes());
        String docId = namespace + "/" + name;
        Optional<Document> existing = docs.forPut(docId, WhiskPackage.ENTITY_TYPE, overwrite);
        Optional<WhiskPackage> old = existing.map(d -> WhiskPackage.fromDocument(d.body()));
        String[] binding = binding(caller, content.get("binding"));
        if (old.isPresent() && binding != null && !old.get().isBinding()) {
            throw ApiException.conflict("Resource is a package and cannot be converted into a binding.");
        }
        if (old.isPresent() && binding == null && content.has("binding") && old.get().isBinding()) {
            throw ApiException.conflict("Resource is a binding and cannot be converted into a package.");
        }
        if (binding == null && old.isPresent() && old.get().isBinding()) {
            binding = new String[]{old.get().bindingNamespace(), old.get().bindingName()};
        }
        Parameters annotations = content.has("annotations") ? Parameters.fromJson(content.get("annotations"))
                : old.map(WhiskPackage::annotations).orElse(Parameters.EMPTY);
        if (binding != null) {
            annotations = annotations.with("binding", Json.object().put("namespace", binding[0]).put("name", binding[1]));
        }
        Parameters parameters = content.has("parameters") ? Parameters.fromJson(content.get("parameters"))
                : old.map(WhiskPackage::parameters).orElse(Parameters.EMPTY);
        JsonNode publish = content.get("publish");
        if (publish != null && !publish.isNull() && !publish.isBoolean()) {
            throw new Json.MalformedJsonException("Expected Boolean as JsBoolean in field 'publish'");
        }
        SemVer version = content.hasNonNull("version") ? SemVer.parse(content.get("version").asText())
                : old.map(p -> p.version().upPatch()).orElse(SemVer.INITIAL);
        WhiskPackage pkg = new WhiskPackage(namespace, name, version,
                publish != null && publish.isBoolean() ? publish.asBoolean() : old.map(WhiskPackage::publish).orElse(false),
                annotations, parameters, binding == null ? null : binding[0], binding == null ? null : binding[1],
                System.currentTimeMillis());
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
        String target = ns + "/" + b.path("name").asText();
        Optional<Document> doc = docs.find(target);
        if (doc.isEmpty()) {
            throw ApiException.badRequest("Binding references a package that does not exist.");
        }
        if (!WhiskPackage.ENTITY_TYPE.equals(doc.get().body().path("entityType").asText())) {
            throw ApiException.conflict("Cannot bind to a resource that is not a package.");
        }
        WhiskPackage bound = WhiskPackage.fromDocument(doc.get().body());
        if (bound.isBinding()) {
            throw ApiException.badRequest("Cannot bind to another package binding.");
        }
        if (!readable(caller, bound)) {
            throw new ApiException(403, Messages.notAuthorizedOn(target));
        }
        return new String[]{ns, b.path("name").asText()};
    }

    /** GET: the package with its actions; a binding shows the bound package's actions and merged parameters. */
    public ObjectNode describe(Identity caller, WhiskPackage pkg) {
        ObjectNode o = pkg.toJson();
        WhiskPackage source = pkg;
        if (pkg.isBinding()) {
            Optional<WhiskPackage> bound = find(pkg.boundDocId());
            if (bound.isPresent()) {
                source = bound.get();
                o.set("parameters", bound.get().parameters().merge(pkg.parameters()).toJson());
            }
        }
        ArrayNode actions = o.putArray("actions");
        ArrayNode feeds = o.putArray("feeds");
        for (WhiskAction a : actionsOf(source)) {
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

    /** Own packages, or the published ones of another namespace (view packages-public). */
    public ArrayNode list(Identity caller, String namespace, int skip, int limit) {
        boolean own = caller.namespace().equals(namespace);
        ArrayNode result = Json.array();
        List<WhiskPackage> all = docs.list(namespace, WhiskPackage.ENTITY_TYPE, 0, 0).stream()
                .map(d -> WhiskPackage.fromDocument(d.body())).filter(p -> own || p.publish()).toList();
        all.stream().skip(skip).limit(limit == 0 ? Long.MAX_VALUE : limit).forEach(p -> result.add(p.toSummaryJson()));
        return result;
    }
}
