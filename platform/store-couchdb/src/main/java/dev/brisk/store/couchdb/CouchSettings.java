package dev.brisk.store.couchdb;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.Map;

/**
 * The settings of {@code brisk.store.provider=couchdb}, read from the provider settings (configuration keys
 * {@code brisk.store.*} with the prefix stripped):
 * <ul>
 *     <li>{@code url}: CouchDB's base URL, default {@value #DEFAULT_URL}; may carry {@code user:password@}</li>
 *     <li>{@code username}, {@code password}: the account (an admin, so databases and design documents can be
 *     created); they override credentials in the URL</li>
 *     <li>{@code db-prefix}: prefix of the three database names, default {@value #DEFAULT_DB_PREFIX}
 *     (OpenWhisk's {@code db_prefix}): {@code <prefix>subjects}, {@code <prefix>whisks}, {@code <prefix>activations}</li>
 *     <li>{@code connect-timeout-ms}: TCP connect timeout, default {@value #DEFAULT_CONNECT_TIMEOUT_MS}</li>
 *     <li>{@code socket-timeout-ms}: longest wait for response bytes, default {@value #DEFAULT_SOCKET_TIMEOUT_MS}
 *     (a view query on a large, stale index waits for the index to be brought up to date)</li>
 *     <li>{@code max-connections}: HTTP connection pool size, default {@value #DEFAULT_MAX_CONNECTIONS}</li>
 *     <li>{@code view-wait-at-open-ms}: how long opening a database waits for the index of a changed view before
 *     lists go on reading the previous index while it builds in the background, default
 *     {@value #DEFAULT_VIEW_WAIT_AT_OPEN_MS}</li>
 *     <li>{@code retire-views-after-ms}: how long a superseded design document is kept after its successor's index is
 *     built (processes of the previous version still read it during a rolling upgrade), default
 *     {@value #DEFAULT_RETIRE_VIEWS_AFTER_MS}</li>
 * </ul>
 */
public record CouchSettings(String url, String username, String password, String dbPrefix, int connectTimeoutMs,
                            int socketTimeoutMs, int maxConnections, int viewWaitAtOpenMs, int retireViewsAfterMs) {
    public static final String DEFAULT_URL = "http://127.0.0.1:5984";
    public static final String DEFAULT_DB_PREFIX = "whisk_local_";
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_SOCKET_TIMEOUT_MS = 60_000;
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    public static final int DEFAULT_VIEW_WAIT_AT_OPEN_MS = 5_000;
    public static final int DEFAULT_RETIRE_VIEWS_AFTER_MS = 600_000;

    public CouchSettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("CouchDB url is empty");
        }
        try {
            URI parsed = URI.create(url.trim());
            if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
                throw new IllegalArgumentException("CouchDB url must be http(s): " + redact(url));
            }
            parsed.toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new IllegalArgumentException("invalid CouchDB url " + redact(url) + ": " + e.getMessage(), e);
        }
        url = url.trim();
        dbPrefix = dbPrefix == null ? "" : dbPrefix;
        if (connectTimeoutMs <= 0 || socketTimeoutMs <= 0 || maxConnections <= 0) {
            throw new IllegalArgumentException("CouchDB timeouts and max-connections must be positive");
        }
        if (viewWaitAtOpenMs < 0 || retireViewsAfterMs < 0) {
            throw new IllegalArgumentException("CouchDB view-wait-at-open-ms and retire-views-after-ms must not be negative");
        }
    }

    /** Settings from the provider map; missing keys take the defaults. */
    public static CouchSettings from(Map<String, String> settings) {
        return new CouchSettings(
                settings.getOrDefault("url", DEFAULT_URL),
                blankToNull(settings.get("username")),
                blankToNull(settings.get("password")),
                settings.getOrDefault("db-prefix", DEFAULT_DB_PREFIX),
                intSetting(settings, "connect-timeout-ms", DEFAULT_CONNECT_TIMEOUT_MS),
                intSetting(settings, "socket-timeout-ms", DEFAULT_SOCKET_TIMEOUT_MS),
                intSetting(settings, "max-connections", DEFAULT_MAX_CONNECTIONS),
                intSetting(settings, "view-wait-at-open-ms", DEFAULT_VIEW_WAIT_AT_OPEN_MS),
                intSetting(settings, "retire-views-after-ms", DEFAULT_RETIRE_VIEWS_AFTER_MS));
    }

    /** Defaults with this URL and account. */
    public static CouchSettings of(String url, String username, String password) {
        return new CouchSettings(url, username, password, DEFAULT_DB_PREFIX, DEFAULT_CONNECT_TIMEOUT_MS,
                DEFAULT_SOCKET_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_VIEW_WAIT_AT_OPEN_MS,
                DEFAULT_RETIRE_VIEWS_AFTER_MS);
    }

    public CouchSettings withDbPrefix(String prefix) {
        return new CouchSettings(url, username, password, prefix, connectTimeoutMs, socketTimeoutMs, maxConnections,
                viewWaitAtOpenMs, retireViewsAfterMs);
    }

    public CouchSettings withTimeouts(int connectMs, int socketMs) {
        return new CouchSettings(url, username, password, dbPrefix, connectMs, socketMs, maxConnections,
                viewWaitAtOpenMs, retireViewsAfterMs);
    }

    public CouchSettings withViewUpgrades(int waitAtOpenMs, int retireAfterMs) {
        return new CouchSettings(url, username, password, dbPrefix, connectTimeoutMs, socketTimeoutMs, maxConnections,
                waitAtOpenMs, retireAfterMs);
    }

    /** The URL without credentials, for messages. */
    public String displayUrl() {
        return redact(url);
    }

    /** The path part of the URL without a trailing slash ("" for a server at the root). */
    String basePath() {
        String path = URI.create(url).getRawPath();
        if (path == null) {
            return "";
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    @Override
    public String toString() {
        return "CouchSettings[url=" + displayUrl() + ", username=" + username + ", password="
                + (password == null ? "null" : "***") + ", dbPrefix=" + dbPrefix + ", connectTimeoutMs="
                + connectTimeoutMs + ", socketTimeoutMs=" + socketTimeoutMs + ", maxConnections=" + maxConnections
                + ", viewWaitAtOpenMs=" + viewWaitAtOpenMs + ", retireViewsAfterMs=" + retireViewsAfterMs + "]";
    }

    private static String redact(String url) {
        return url == null ? null : url.replaceAll("//[^/@]*@", "//***@");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static int intSetting(Map<String, String> settings, String key, int fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("brisk.store." + key + " is not a number: " + value, e);
        }
    }
}
