package dev.brisk.controller.entity;

import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.store.Document;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds the action a path names for a caller: {@code name} or {@code pkg/name} in a namespace, following a package
 * binding to the bound package and collecting the parameters the action inherits (package, then binding).
 * Actions of another namespace are reachable only through its published packages.
 */
@ApplicationScoped
public class ActionResolver {
    private final EntityDocs docs;
    private final PackageStore packages;

    @Inject
    public ActionResolver(EntityDocs docs, PackageStore packages) {
        this.docs = docs;
        this.packages = packages;
    }

    /** @param path {@code name} or {@code pkg/name} */
    public ResolvedAction resolve(Identity caller, String namespace, String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            EntityName.require(path);
            if (!entitled(caller, namespace, path)) {
                throw forbidden(List.of(namespace + "/" + path));
            }
            return load(namespace + "/" + path, Parameters.EMPTY, null);
        }
        String pkgName = EntityName.require(path.substring(0, slash));
        String name = EntityName.require(path.substring(slash + 1));
        PackageStore.Readable pkg = packages.readable(caller, namespace, pkgName);
        if (!pkg.pkg().isBinding()) {
            return load(pkg.pkg().docId() + "/" + name, pkg.pkg().parameters(), null);
        }
        return load(pkg.source().docId() + "/" + name, pkg.source().parameters().merge(pkg.pkg().parameters()),
                pkg.pkg().docId());
    }

    /**
     * The READ and ACTIVATE entitlement on an action, as OpenWhisk's ActionCollection.implicitRights: an action of a
     * namespace's default package is its owner's alone (false for another namespace's, with nothing looked up); an
     * action in a package is entitled when the caller may read the package ({@link PackageStore#readable}, which
     * throws its 403, 404 or 409 otherwise), whether or not the action exists.
     *
     * @param path {@code name} or {@code pkg/name}
     */
    public boolean entitled(Identity caller, String namespace, String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            return namespace.equals(caller.namespace());
        }
        packages.readable(caller, namespace, path.substring(0, slash));
        return true;
    }

    /**
     * Entitles every action a sequence or rule refers to (fully qualified names) before any is looked up, as OpenWhisk
     * checks all referenced entities at once: a package the caller may not read fails at once with its own 403; the
     * other refused names are reported together (OpenWhisk's unauthorizedOn: sorted, comma-separated).
     *
     * @param refused names already refused (a rule's trigger in another namespace), added to the 403
     */
    public void entitleAll(Identity caller, List<String> fqns, List<String> refused) {
        List<String> denied = new ArrayList<>(refused);
        for (String fqn : fqns) {
            String[] parts = qualified(caller, fqn);
            if (!entitled(caller, parts[0], parts[1])) {
                denied.add(parts[0] + "/" + parts[1]);
            }
        }
        if (!denied.isEmpty()) {
            throw forbidden(denied);
        }
    }

    /** 403 naming the refused resources as OpenWhisk's Entitlement.unauthorizedOn does. */
    public static ApiException forbidden(List<String> names) {
        return new ApiException(403, Messages.notAuthorizedOn(String.join(", ", new TreeSet<>(names))));
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
