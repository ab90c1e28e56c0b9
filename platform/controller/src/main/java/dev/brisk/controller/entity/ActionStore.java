package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.brisk.core.entity.ActionLimits;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Exec;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.LimitBounds;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Actions in the whisks database, in a namespace or a package ({@code pkg/name}): create, update, read, delete and
 * list with OpenWhisk's rules (Actions.scala), including sequences, whose components must exist and not loop.
 */
@ApplicationScoped
public class ActionStore {
    public static final String BINDING_NOT_PERMITTED = "Operation not permitted on package binding.";

    private final EntityDocs docs;
    private final PackageStore packages;
    private final ActionResolver resolver;
    private final RuntimeManifest manifest;
    private final LimitBounds bounds;
    private final SystemLimits limits;
    private final int sequenceMaxLength;

    @Inject
    public ActionStore(EntityDocs docs, PackageStore packages, ActionResolver resolver, RuntimeManifest manifest,
                       LimitBounds bounds, SystemLimits limits,
                       @ConfigProperty(name = "brisk.limits.sequence.max-length", defaultValue = "50")
                       int sequenceMaxLength) {
        this.docs = docs;
        this.packages = packages;
        this.resolver = resolver;
        this.manifest = manifest;
        this.bounds = bounds;
        this.limits = limits;
        this.sequenceMaxLength = sequenceMaxLength;
    }

    /** {@code ns/name} or {@code ns/pkg/name}, validating each segment. */
    static String docId(String namespace, String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            return namespace + "/" + EntityName.require(path);
        }
        return namespace + "/" + EntityName.require(path.substring(0, slash)) + "/"
                + EntityName.require(path.substring(slash + 1));
    }

    /**
     * GET: the action {@code path} names in {@code namespace} as the caller may read it ({@link ActionResolver}), with
     * the parameters it inherits from its package and binding.
     */
    public ResolvedAction read(Identity caller, String namespace, String path) {
        return resolver.resolve(caller, namespace, path);
    }

    /** PUT: create, or with {@code overwrite} update what the body names and keep the rest (WhiskActionsApi.update). */
    public WhiskAction put(Identity caller, String namespace, String path, String body, boolean overwrite) {
        String docId = docId(namespace, path);
        String entityNamespace = namespace;
        int slash = path.indexOf('/');
        if (slash >= 0) {
            WhiskPackage pkg = packages.get(namespace, path.substring(0, slash));
            if (pkg.isBinding()) {
                throw ApiException.badRequest(BINDING_NOT_PERMITTED);
            }
            entityNamespace = pkg.docId();
        }
        String name = slash < 0 ? path : path.substring(slash + 1);
        JsonNode content = Json.objectBody(body);
        RequestSize.checkExec(content.get("exec"), limits.codeMaxBytes());
        RequestSize.checkParameters(content, "parameters", limits.parametersMaxBytes());
        RequestSize.checkParameters(content, "annotations", limits.parametersMaxBytes());
        entitleComponents(caller, content.get("exec"));
        Optional<Document> existing = docs.forPut(docId, WhiskAction.ENTITY_TYPE, overwrite);
        WhiskAction action = existing.isPresent()
                ? update(caller, WhiskAction.fromDocument(existing.get().body()), content)
                : create(caller, entityNamespace, name, content);
        docs.write(docId, existing, action.toDocument());
        return action;
    }

    /**
     * A sequence's components are entitled (READ) before anything else is looked at, the stored action included, as
     * OpenWhisk's Actions.create checks the referenced entities before putEntity: a component in a package of another
     * namespace that the caller may not read is a 403 whether or not the package or the action exists.
     */
    private void entitleComponents(Identity caller, JsonNode execNode) {
        if (execNode != null && execNode.isObject()
                && Exec.SEQUENCE.equals(execNode.path("kind").asText().trim().toLowerCase())) {
            resolver.entitleAll(caller, Exec.fromJson(execNode, manifest).components(), List.of());
        }
    }

    private WhiskAction create(Identity caller, String namespace, String name, JsonNode content) {
        if (!content.hasNonNull("exec")) {
            throw ApiException.badRequest("exec undefined");
        }
        Exec exec = exec(caller, namespace + "/" + name, content.get("exec"));
        EntityUpdate update = EntityUpdate.of(content);
        Parameters annotations = withoutDeleted(content, update.annotations(Parameters.EMPTY))
                .withIfAbsent("provide-api-key", Json.MAPPER.getNodeFactory().booleanNode(false))
                .with("exec", Json.MAPPER.getNodeFactory().textNode(exec.kind()));
        return new WhiskAction(namespace, name, update.version(Optional.empty()), update.publish(false),
                annotations, parameters(exec, update.parameters(Parameters.EMPTY)), exec,
                ActionLimits.fromJson(content.get("limits"), ActionLimits.defaults(bounds), bounds),
                System.currentTimeMillis());
    }

    private WhiskAction update(Identity caller, WhiskAction old, JsonNode content) {
        Exec exec = content.hasNonNull("exec") ? exec(caller, old.docId(), content.get("exec")) : old.exec();
        EntityUpdate update = EntityUpdate.of(content);
        // OpenWhisk's update adds the body's annotations to the stored ones (less delAnnotations), it does not
        // replace them; parameters, in contrast, are replaced as a whole
        Parameters annotations = withoutDeleted(content, old.annotations()).merge(update.annotations(Parameters.EMPTY))
                .with("exec", Json.MAPPER.getNodeFactory().textNode(exec.kind()));
        // a new exec keeps the stored parameters (ACT-050), but a sequence's _actions never pass to the code it
        // becomes: Actions.scala updateWhiskAction gives a former sequence no parameters unless the body has some
        boolean leavesSequence = content.hasNonNull("exec") && old.exec().isSequence();
        Parameters parameters = update.parameters(leavesSequence ? Parameters.EMPTY : old.parameters());
        return new WhiskAction(old.namespace(), old.name(), update.version(Optional.of(old.version())),
                update.publish(old.publish()), annotations, parameters(exec, parameters), exec,
                ActionLimits.fromJson(content.get("limits"), old.limits(), bounds), System.currentTimeMillis());
    }

    /** Sequences keep only {@code _actions}, the component list, as their parameters (as OpenWhisk stores them). */
    private static Parameters parameters(Exec exec, Parameters given) {
        if (!exec.isSequence()) {
            return given;
        }
        ArrayNode names = Json.array();
        exec.components().forEach(names::add);
        return Parameters.EMPTY.with("_actions", names);
    }

    private Exec exec(Identity caller, String selfDocId, JsonNode node) {
        Exec exec = Exec.fromJson(node, manifest);
        if (!exec.isSequence()) {
            return exec;
        }
        if (exec.components().isEmpty()) {
            throw ApiException.badRequest("No component specified for the sequence.");
        }
        if (exec.components().size() > sequenceMaxLength) {
            throw ApiException.badRequest("Too many actions in the sequence.");
        }
        List<String> normalized = new ArrayList<>();
        for (String component : exec.components()) {
            String[] parts = ActionResolver.qualified(caller, component);
            if ((parts[0] + "/" + parts[1]).equals(selfDocId)) {
                throw ApiException.badRequest("Sequence may not refer to itself.");
            }
            ResolvedAction target;
            try {
                target = resolver.resolve(caller, parts[0], parts[1]);
            } catch (ApiException e) {
                if (e.status() == 400 || e.status() == 403) {
                    throw e; // entitled above; kept should a component change in between
                }
                throw ApiException.badRequest("Sequence component does not exist.");
            }
            if (reaches(caller, target.action(), selfDocId)) {
                throw ApiException.badRequest("Sequence may not refer to itself.");
            }
            normalized.add("/" + parts[0] + "/" + parts[1]);
        }
        return new Exec(Exec.SEQUENCE, null, false, null, normalized);
    }

    /** Whether {@code start} is {@code selfDocId} or a sequence that (transitively) contains it. */
    private boolean reaches(Identity caller, WhiskAction start, String selfDocId) {
        Deque<WhiskAction> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            WhiskAction a = todo.pop();
            if (a.docId().equals(selfDocId)) {
                return true;
            }
            if (a.exec().isSequence() && seen.add(a.docId())) {
                for (String c : a.exec().components()) {
                    try {
                        todo.push(resolver.resolveQualified(caller, c).action());
                    } catch (ApiException gone) {
                        // a deleted component cannot close a loop
                    }
                }
            }
        }
        return false;
    }

    /** {@code annotations} less the keys the body lists in {@code delAnnotations} (actions only, as OpenWhisk). */
    private static Parameters withoutDeleted(JsonNode content, Parameters annotations) {
        Parameters result = annotations;
        JsonNode delete = content.get("delAnnotations");
        if (delete != null && delete.isArray()) {
            for (JsonNode key : delete) {
                result = result.without(key.asText());
            }
        }
        return result;
    }

    public WhiskAction delete(String namespace, String path) {
        int slash = path.indexOf('/');
        if (slash >= 0 && packages.get(namespace, path.substring(0, slash)).isBinding()) {
            throw ApiException.badRequest(BINDING_NOT_PERMITTED);
        }
        Document doc = docs.get(docId(namespace, path), WhiskAction.ENTITY_TYPE);
        docs.delete(doc);
        return WhiskAction.fromDocument(doc.body());
    }

    /** Every action of the namespace, packaged ones too, newest first (OpenWhisk's actions view). */
    public List<WhiskAction> list(String namespace, int skip, int limit) {
        return docs.list(namespace, WhiskAction.ENTITY_TYPE, skip, limit).stream()
                .map(d -> WhiskAction.fromDocument(d.body())).toList();
    }

    public long count(String namespace) {
        return docs.count(namespace, WhiskAction.ENTITY_TYPE);
    }

    /** The actions of one package (a binding lists its bound package's). */
    public List<WhiskAction> listPackage(Identity caller, String namespace, String pkgName, int skip, int limit) {
        WhiskPackage source = packages.readable(caller, namespace, pkgName).source();
        return packages.actionsOf(source).stream().skip(skip).limit(limit == 0 ? Long.MAX_VALUE : limit).toList();
    }
}
