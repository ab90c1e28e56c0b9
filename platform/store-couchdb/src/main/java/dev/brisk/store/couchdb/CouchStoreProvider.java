package dev.brisk.store.couchdb;

import dev.brisk.core.store.StoreProvider;
import dev.brisk.core.store.Stores;

import java.util.Map;

/**
 * {@code brisk.store.provider=couchdb}: OpenWhisk's three databases in CouchDB, through Ektorp. Settings (from
 * {@code brisk.store.*}): {@code url}, {@code username}, {@code password}, {@code db-prefix},
 * {@code connect-timeout-ms}, {@code socket-timeout-ms}, {@code max-connections}; see {@link CouchSettings}.
 */
public final class CouchStoreProvider implements StoreProvider {
    public static final String NAME = "couchdb";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Stores open(Map<String, String> settings) {
        return CouchStores.open(CouchSettings.from(settings));
    }
}
