package dev.brisk.controller.retention;

import dev.brisk.controller.entity.Subject;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.limits.NamespaceLimits;
import dev.brisk.cdi.metrics.MetricsRegistry;
import dev.brisk.core.store.Document;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.Stores;
import dev.brisk.core.store.ViewQuery;
import dev.brisk.core.store.ViewRow;
import dev.brisk.core.store.WhiskViews;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes activations older than their namespace's retention ({@code activationRetentionSeconds} of its limits
 * document, else {@code brisk.activations.retention}; zero keeps them for ever, OpenWhisk's behaviour and the
 * default). Every {@code interval}, each namespace's expired activations are read oldest first from the activations
 * view and deleted in batches of {@code batch-size} (one {@code _bulk_docs} request each on CouchDB), with a pause
 * between batches so the job never crowds out the store's live traffic. A live activation is never touched: the
 * range ends at the cut-off, and a document changed since it was read is skipped. Several controllers may sweep at
 * once; the second to delete a document finds it gone and counts nothing.
 * <p>
 * Not covered: activations of namespaces that no longer exist (their subjects are gone, so no sweep finds them), and
 * CouchDB keeps a tombstone per deleted document (its {@code _purge} needs server-admin rights Brisk does not ask for).
 */
@ApplicationScoped
public class ActivationRetention {
    private static final System.Logger LOG = System.getLogger(ActivationRetention.class.getName());

    private final Stores stores;
    private final SubjectStore subjects;
    private final NamespaceLimits limits;
    private final Settings settings;
    private final Clock clock;
    private final Counter expired;
    private final Timer sweeps;
    private volatile Thread worker;

    /** How often, in what batches, with what pause between batches. */
    public record Settings(Duration interval, int batchSize, Duration pause) {
        public Settings {
            if (interval.isNegative() || interval.isZero() || batchSize < 1 || pause.isNegative()) {
                throw new IllegalArgumentException("brisk.activations.retention.*: interval and batch-size must be"
                        + " positive, pause not negative: " + interval + ", " + batchSize + ", " + pause);
            }
        }
    }

    @Inject
    public ActivationRetention(Stores stores, SubjectStore subjects, NamespaceLimits limits, MetricsRegistry metrics,
                               @ConfigProperty(name = "brisk.activations.retention.interval", defaultValue = "PT1M")
                               Duration interval,
                               @ConfigProperty(name = "brisk.activations.retention.batch-size", defaultValue = "500")
                               int batchSize,
                               @ConfigProperty(name = "brisk.activations.retention.pause", defaultValue = "PT0.1S")
                               Duration pause) {
        this(stores, subjects, limits, metrics, new Settings(interval, batchSize, pause), Clock.systemUTC());
    }

    public ActivationRetention(Stores stores, SubjectStore subjects, NamespaceLimits limits, MetricsRegistry metrics,
                               Settings settings, Clock clock) {
        this.stores = stores;
        this.subjects = subjects;
        this.limits = limits;
        this.settings = settings;
        this.clock = clock;
        this.expired = Counter.builder("brisk.activations.expired")
                .description("Activations deleted because they outlived their namespace's retention")
                .register(metrics.meters());
        this.sweeps = Timer.builder("brisk.activations.retention.sweep")
                .description("Time of one retention sweep over every namespace").register(metrics.meters());
    }

    // after the subjects are seeded and the catalog installed; never fails the start
    void start(@Observes @Priority(3) @Initialized(ApplicationScoped.class) Object event) {
        worker = Thread.ofVirtual().name("activation-retention").start(this::run);
    }

    @PreDestroy
    void stop() {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                sweep();
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.DEBUG, "retention sweep stopped, the store is away: {0}", e.getMessage());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "retention sweep failed", e);
            }
            try {
                Thread.sleep(settings.interval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass over every namespace; returns how many activations it deleted. */
    public long sweep() throws InterruptedException {
        long started = System.nanoTime();
        long deleted = 0;
        for (String namespace : namespaces()) {
            long keepSeconds = limits.of(namespace).activationRetentionSeconds();
            if (keepSeconds > 0) {
                deleted += expire(namespace, clock.millis() - keepSeconds * 1000);
            }
        }
        sweeps.record(Duration.ofNanos(System.nanoTime() - started));
        if (deleted > 0) {
            LOG.log(System.Logger.Level.INFO, "retention: deleted {0} expired activations", deleted);
        }
        return deleted;
    }

    /** Deletes the namespace's activations that started before {@code cutoff} (epoch ms), a batch at a time. */
    long expire(String namespace, long cutoff) throws InterruptedException {
        ViewQuery expiredRange = ViewQuery.prefix(namespace).range(List.of(namespace, 0L), List.of(namespace, cutoff))
                .page(0, settings.batchSize());
        long deleted = 0;
        while (true) {
            List<ViewRow> rows = stores.activations().query(WhiskViews.ACTIVATIONS, expiredRange);
            if (rows.isEmpty()) {
                return deleted;
            }
            List<Document> batch = new ArrayList<>(rows.size());
            rows.forEach(r -> batch.add(r.document()));
            int n = stores.activations().deleteAll(batch);
            deleted += n;
            expired.increment(n);
            if (rows.size() < settings.batchSize() || n == 0) {
                return deleted; // the last batch, or nothing deletable left in it (another sweeper got there first)
            }
            Thread.sleep(settings.pause());
        }
    }

    private Set<String> namespaces() {
        Set<String> names = new LinkedHashSet<>();
        for (Subject s : subjects.all()) {
            s.namespaces().forEach(ns -> names.add(ns.name()));
        }
        return names;
    }
}
