package dev.brisk.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.entity.PackageStore;
import dev.brisk.controller.entity.WhiskPackage;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.SystemLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * {@code /api/v1/namespaces/{ns}/packages}: packages and bindings ({@link EntityResource}; no POST: packages are not
 * invoked). Reading reaches another namespace's published packages; DELETE with {@code force=true} deletes the
 * package's actions too.
 */
@Path("api/v1/namespaces/{namespace}/packages")
@ApplicationScoped
@Consumes(MediaType.WILDCARD)
public class PackagesResource extends EntityResource<WhiskPackage> {
    private final PackageStore packages;

    @Inject
    public PackagesResource(PackageStore packages, SystemLimits limits) {
        super("packages", limits, Reach.ANY, Reach.ANY);
        this.packages = packages;
    }

    @Override
    protected List<WhiskPackage> page(Identity caller, String namespace, int skip, int limit) {
        return packages.list(caller, namespace, skip, limit);
    }

    @Override
    protected long count(Identity caller, String namespace) {
        return packages.count(caller, namespace);
    }

    @Override
    protected JsonNode summary(WhiskPackage pkg) {
        return pkg.toSummaryJson();
    }

    @Override
    protected JsonNode read(ContainerRequestContext request, Identity caller, String namespace, String name) {
        return packages.describe(packages.readable(caller, namespace, name));
    }

    @Override
    protected JsonNode write(Identity caller, String namespace, String name, String body, boolean overwrite) {
        return packages.put(caller, namespace, name, body, overwrite).toJson();
    }

    @Override
    protected JsonNode remove(ContainerRequestContext request, String namespace, String name) {
        return packages.delete(namespace, name, "true".equalsIgnoreCase(query(request, "force"))).toJson();
    }
}
