package dev.brisk.controller.entity;

import dev.brisk.controller.invoke.ResolvedAction;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.store.Document;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Finds the action a path names for a caller: {@code name} or {@code pkg/name} in a namespace, following a package
 * binding to the bound package and collecting the parameters the action inherits (package, then binding).
 * Actions of another namespace are reachable only through its published packages.
 */
@ApplicationScoped
public class ActionResolver {
    @Inject
    EntityDocs docs;
    @Inject
    PackageStore packages;

    /** @param path {@code name} or {@code pkg/name} */
    public ResolvedAction resolve(Identity caller, String namespace, String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            EntityName.require(path);
            if (!namespace.equals(caller.namespace())) {
                throw new ApiException(403, Messages.notAuthorizedOn(namespace + "/" + path));
            }
            return load(namespace + "/" + path, Parameters.EMPTY, null);
        }
        String pkgName = EntityName.require(path.substring(0, slash));
        String name = EntityName.require(path.substring(slash + 1));
        WhiskPackage pkg = packages.get(namespace, pkgName);
        if (!PackageStore.readable(caller, pkg)) {
            throw new ApiException(403, Messages.notAuthorizedOn(namespace + "/" + pkgName));
        }
        if (!pkg.isBinding()) {
            return load(pkg.docId() + "/" + name, pkg.parameters(), null);
        }
        WhiskPackage bound = packages.find(pkg.boundDocId()).orElseThrow(ApiException::notFound);
        if (!PackageStore.readable(caller, bound)) {
            throw new ApiException(403, Messages.notAuthorizedOn(bound.docId()));
        }
        return load(bound.docId() + "/" + name, bound.parameters().merge(pkg.parameters()), pkg.docId());
    }

    /**
     * Resolves a fully qualified name ({@code /ns/name}, {@code /ns/pkg/name}, {@code _} for the caller's
     * namespace) as sequences and rules write them.
     */
    public ResolvedAction resolveQualified(Identity caller, String fqn) {
        String[] parts = qualified(caller, fqn);
        return resolve(caller, parts[0], parts[1]);
    }

    /** {@code [namespace, path]} of a fully qualified name; 400 with OpenWhisk's text when it is not one. */
    public static String[] qualified(Identity caller, String fqn) {
        String trimmed = fqn.startsWith("/") ? fqn.substring(1) : fqn;
        String[] parts = trimmed.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw ApiException.badRequest("The fully qualified name of the entity must contain at least the namespace"
                    + " and the name of the entity.");
        }
        String ns = "_".equals(parts[0]) ? caller.namespace() : parts[0];
        String path = parts.length == 2 ? parts[1] : parts[1] + "/" + parts[2];
        return new String[]{ns, path};
    }

    private ResolvedAction load(String docId, Parameters inherited, String binding) {
        Document doc = docs.get(docId, WhiskAction.ENTITY_TYPE);
        return new ResolvedAction(WhiskAction.fromDocument(doc.body()), doc.rev(), inherited, binding);
    }
}
