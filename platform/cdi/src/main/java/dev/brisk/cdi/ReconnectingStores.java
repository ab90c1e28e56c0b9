package dev.brisk.cdi;

import dev.brisk.core.store.DocumentStore;
import dev.brisk.core.store.StoreException;
import dev.brisk.core.store.Stores;

import java.util.function.Supplier;

/**
 * Opens the configured store on first use and again after a failed attempt (at most every two seconds), so a
 * service whose CouchDB is down at start comes up not ready, says why in one line, and turns ready once the
 * store answers, instead of dying with a stack trace.
 */
final class ReconnectingStores implements Stores {
    private static final System.Logger LOG = System.getLogger(ReconnectingStores.class.getName());
    private static final long RETRY_MILLIS = 2_000;

    private final String name;
    private final Supplier<Stores> opener;
    private volatile Stores delegate;
    private long nextAttempt;
    private String lastError = "not opened yet";

    ReconnectingStores(String name, Supplier<Stores> opener) {
        this.name = name;
        this.opener = opener;
    }

    private Stores delegate() {
        Stores d = delegate;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (delegate != null) {
                return delegate;
            }
            long now = System.currentTimeMillis();
            if (now < nextAttempt) {
                throw new StoreException("store '" + name + "' is not reachable: " + lastError);
            }
            try {
                delegate = opener.get();
                LOG.log(System.Logger.Level.INFO, "store '" + name + "' connected");
                return delegate;
            } catch (RuntimeException e) {
                nextAttempt = now + RETRY_MILLIS;
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (!message.equals(lastError)) {
                    LOG.log(System.Logger.Level.WARNING, "store '" + name + "' is not reachable (service not ready; retrying): " + message);
                }
                lastError = message;
                throw e instanceof StoreException se ? se : new StoreException("store '" + name + "' is not reachable", e);
            }
        }
    }

    @Override
    public DocumentStore subjects() {
        return delegate().subjects();
    }

    @Override
    public DocumentStore whisks() {
        return delegate().whisks();
    }

    @Override
    public DocumentStore activations() {
        return delegate().activations();
    }

    @Override
    public boolean isAvailable() {
        try {
            return delegate().isAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        Stores d = delegate;
        if (d != null) {
            d.close();
        }
    }
}
