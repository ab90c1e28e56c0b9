package dev.brisk.controller.auth;

import dev.brisk.controller.entity.Subject;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.core.entity.AuthKey;
import dev.brisk.core.store.DocumentConflictException;
import dev.brisk.core.store.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Creates the default subjects on start when they are missing: OpenWhisk's documented development keys for
 * {@code guest} and {@code whisk.system} (ansible/files/auth.guest, auth.whisk.system), unless configured otherwise
 * ({@code brisk.subjects.seed=false}, or {@code brisk.subjects.guest-key}/{@code system-key}).
 */
@ApplicationScoped
public class SubjectSeeder {
    public static final String GUEST_KEY =
            "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
    public static final String SYSTEM_KEY =
            "789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
    private static final System.Logger LOG = System.getLogger(SubjectSeeder.class.getName());

    private final SubjectStore store;
    private final boolean seed;
    private final String guestKey;
    private final String systemKey;

    @Inject
    public SubjectSeeder(SubjectStore store,
                         @ConfigProperty(name = "brisk.subjects.seed", defaultValue = "true") boolean seed,
                         @ConfigProperty(name = "brisk.subjects.guest-key", defaultValue = GUEST_KEY) String guestKey,
                         @ConfigProperty(name = "brisk.subjects.system-key", defaultValue = SYSTEM_KEY) String systemKey) {
        this.store = store;
        this.seed = seed;
        this.guestKey = guestKey;
        this.systemKey = systemKey;
    }

    // runs before the server starts listening (higher priority observers run later)
    void seed(@Observes @jakarta.annotation.Priority(1) @Initialized(ApplicationScoped.class) Object event) {
        if (!seed) {
            return;
        }
        List<List<String>> subjects = List.of(List.of("guest", guestKey), List.of("whisk.system", systemKey));
        for (var entry : subjects) {
            AuthKey.parse(entry.get(1)).orElseThrow(() -> new IllegalStateException("bad key configured for " + entry.get(0)));
        }
        if (!seedAll(subjects)) {
            // the store is not reachable yet: keep trying in the background, the service stays not ready meanwhile
            Thread.ofVirtual().name("subject-seeder").start(() -> {
                while (!seedAll(subjects)) {
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
    }

    private boolean seedAll(List<List<String>> subjects) {
        try {
            for (var entry : subjects) {
                ensure(entry.get(0), AuthKey.parse(entry.get(1)).orElseThrow());
            }
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    private void ensure(String name, AuthKey key) {
        if (store.get(name).isPresent()) {
            return;
        }
        try {
            store.create(Subject.create(name, new Subject.Namespace(name, key.uuid(), key.key())));
            LOG.log(System.Logger.Level.INFO, "created subject " + name);
        } catch (DocumentConflictException e) {
            // another controller created it first
        }
    }
}
