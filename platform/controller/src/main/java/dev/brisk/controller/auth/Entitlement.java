package dev.brisk.controller.auth;

import dev.brisk.core.entity.Identity;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;

/** Which namespace a path names, and whether the caller may use it (own namespace only in this slice). */
public final class Entitlement {
    private Entitlement() {
    }

    /** Resolves {@code _} to the caller's namespace; 403 for any namespace that is not the caller's. */
    public static String namespace(Identity caller, String requested) {
        if ("_".equals(requested) || caller.namespace().equals(requested)) {
            return caller.namespace();
        }
        throw new ApiException(403, Messages.NOT_AUTHORIZED);
    }

    /**
     * Resolves {@code _} without checking ownership: for reads and invokes that may reach another namespace's
     * published packages, where the package decides.
     */
    public static String resolve(Identity caller, String requested) {
        return "_".equals(requested) ? caller.namespace() : requested;
    }

    /** As {@link #namespace(Identity, String)}, naming the entity in the 403 text as OpenWhisk does. */
    public static String namespace(Identity caller, String requested, String entity) {
        if ("_".equals(requested) || caller.namespace().equals(requested)) {
            return caller.namespace();
        }
        throw new ApiException(403, Messages.notAuthorizedOn(requested + "/" + entity));
    }
}
