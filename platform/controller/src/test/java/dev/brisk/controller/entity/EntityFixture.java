package dev.brisk.controller.entity;

import dev.brisk.controller.EmbeddedStores;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.LimitBounds;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.store.Stores;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The entity stores over a real (embedded) whisks database, built as CDI builds them, without a bus: the cache
 * keeps nothing, so every read sees the last write.
 */
public final class EntityFixture implements AutoCloseable {
    static final Identity ALICE = new Identity("alice", "alice", "23bc46b1-71f6-4ed5-8c54-816aa4f8c502", "key");
    static final Identity BOB = new Identity("bob", "bob", "99bc46b1-71f6-4ed5-8c54-816aa4f8c502", "key");

    public final Stores stores;
    public final EntityDocs docs;
    public final PackageStore packages;
    public final ActionResolver resolver;
    public final ActionStore actions;
    public final TriggerStore triggers;
    public final RuleStore rules;

    public EntityFixture(Path dir) {
        stores = EmbeddedStores.open(dir);
        docs = new EntityDocs(stores, new EntityCache(null, null, Duration.ZERO, 0));
        packages = new PackageStore(SystemLimits.OPENWHISK, docs);
        resolver = new ActionResolver(docs, packages);
        actions = new ActionStore(docs, packages, resolver, RuntimeManifest.standard(), LimitBounds.OPENWHISK,
                SystemLimits.OPENWHISK, 50);
        triggers = new TriggerStore(SystemLimits.OPENWHISK, docs);
        rules = new RuleStore(docs, triggers, resolver);
    }

    /** A nodejs action {@code name} in {@code ns}. */
    void action(Identity caller, String ns, String name) {
        actions.put(caller, ns, name, "{\"exec\": {\"kind\": \"nodejs:default\", \"code\": \"function main(){}\"}}",
                false);
    }

    @Override
    public void close() {
        stores.close();
    }
}
