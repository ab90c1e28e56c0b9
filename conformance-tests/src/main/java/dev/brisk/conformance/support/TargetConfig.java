package dev.brisk.conformance.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The target under test, read through MicroProfile Config ({@link ConfigProvider#getConfig()}): system properties,
 * environment variables (BRISK_APIHOST, BRISK_AUTH, ...), the optional file given by {@code brisk.config-file}
 * ({@code --config FILE}) and {@code META-INF/microprofile-config.properties}.
 */
public final class TargetConfig {

    public static final String APIHOST = "brisk.apihost";
    public static final String AUTH = "brisk.auth";
    /** Optional second identity (uuid:key) of another namespace, for scenarios about sharing across namespaces. */
    public static final String AUTH2 = "brisk.auth2";
    /** Optional credentials (user:key) of the target's admin API, for scenarios tagged @admin-api. */
    public static final String ADMIN_AUTH = "brisk.admin-auth";
    public static final String NAMESPACE = "brisk.namespace";
    /** Every scenario runs in a namespace of its own, made (and deleted) through the admin API. */
    public static final String FRESH_NAMESPACE = "brisk.fresh-namespace-per-scenario";
    public static final String INSECURE = "brisk.insecure";
    public static final String TIMEOUT_FACTOR = "brisk.timeout-factor";
    /**
     * Seconds within which a read may still show an entity as it was before the scenario's own update, delete or rule
     * status change (OpenWhisk caches entities per controller); such reads are retried that long (scaled by the
     * timeout factor) until they show the write.
     */
    public static final String CACHE_WINDOW = "brisk.cache-window";
    public static final String CLAIMS = "brisk.claims";
    public static final String REPORTS = "brisk.reports";
    public static final String DEFAULT_KIND = "brisk.default-kind";
    /** Image of blackbox scenarios: one that runs Node.js code sent to /init, as OpenWhisk's Node.js runtime image. */
    public static final String BLACKBOX_IMAGE = "brisk.blackbox-image";

    private static volatile TargetConfig instance;

    private final String apihost;
    private final String auth;
    private final String auth2;
    private final String adminAuth;
    private final String namespace;
    private final boolean freshNamespace;
    private final boolean insecure;
    private final double timeoutFactor;
    private final double cacheWindowSeconds;
    private final Set<String> claims;
    private final Path reports;
    private final String defaultKind;
    private final String blackboxImage;

    private TargetConfig(Config config) {
        this.apihost = config.getOptionalValue(APIHOST, String.class).map(String::trim).map(TargetConfig::stripSlash)
                .orElse(null);
        this.auth = config.getOptionalValue(AUTH, String.class).map(String::trim).orElse(null);
        this.auth2 = config.getOptionalValue(AUTH2, String.class).map(String::trim).orElse(null);
        this.adminAuth = config.getOptionalValue(ADMIN_AUTH, String.class).map(String::trim).orElse(null);
        this.namespace = config.getOptionalValue(NAMESPACE, String.class).map(String::trim).filter(s -> !s.isEmpty())
                .orElse("_");
        this.insecure = config.getOptionalValue(INSECURE, Boolean.class).orElse(false);
        this.freshNamespace = config.getOptionalValue(FRESH_NAMESPACE, Boolean.class).orElse(false);
        this.timeoutFactor = config.getOptionalValue(TIMEOUT_FACTOR, Double.class).filter(f -> f > 0).orElse(1.0);
        this.cacheWindowSeconds = config.getOptionalValue(CACHE_WINDOW, Double.class).filter(f -> f >= 0)
                .orElse(10.0);
        this.claims = config.getOptionalValue(CLAIMS, String.class)
                .map(s -> Arrays.stream(s.split(","))
                        .map(String::trim)
                        .map(c -> c.startsWith("@") ? c.substring(1) : c)
                        .filter(c -> !c.isEmpty())
                        .collect(Collectors.toCollection(LinkedHashSet::new)))
                .map(Set::copyOf)
                .orElse(Set.of());
        this.reports = Path.of(config.getOptionalValue(REPORTS, String.class).orElse("target/conformance-reports"));
        this.defaultKind = config.getOptionalValue(DEFAULT_KIND, String.class).map(String::trim)
                .filter(s -> !s.isEmpty()).orElse("nodejs:default");
        this.blackboxImage = config.getOptionalValue(BLACKBOX_IMAGE, String.class).map(String::trim)
                .filter(s -> !s.isEmpty()).orElse("openwhisk/action-nodejs-v20");
    }

    /** The configuration of this JVM, read once. */
    public static TargetConfig get() {
        TargetConfig c = instance;
        if (c == null) {
            synchronized (TargetConfig.class) {
                c = instance;
                if (c == null) {
                    c = new TargetConfig(ConfigProvider.getConfig());
                    instance = c;
                }
            }
        }
        return c;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Whether every scenario gets a namespace of its own through the admin API (brisk.fresh-namespace-per-scenario). */
    public boolean freshNamespacePerScenario() {
        return freshNamespace;
    }

    public Optional<String> apihost() {
        return Optional.ofNullable(apihost).filter(s -> !s.isEmpty());
    }

    public Optional<String> auth() {
        return Optional.ofNullable(auth).filter(s -> !s.isEmpty());
    }

    /** The optional second identity (brisk.auth2), of a namespace other than the one of brisk.auth. */
    public Optional<String> auth2() {
        return Optional.ofNullable(auth2).filter(s -> !s.isEmpty());
    }

    /** The admin API credentials (brisk.admin-auth), when configured. */
    public Optional<String> adminAuth() {
        return Optional.ofNullable(adminAuth).filter(s -> s.indexOf(':') > 0);
    }

    /** User and key of the admin API credentials; fails with a clear message when brisk.admin-auth is missing. */
    public String[] requireAdminAuth() {
        String a = adminAuth().orElseThrow(() -> new IllegalStateException(
                "No admin credentials configured: set brisk.admin-auth=user:key (--admin-auth or BRISK_ADMIN_AUTH)"));
        int colon = a.indexOf(':');
        return new String[] {a.substring(0, colon), a.substring(colon + 1)};
    }

    /** User and key of the second identity; fails with a clear message when brisk.auth2 is missing or malformed. */
    public String[] requireAuth2() {
        String a = auth2().orElseThrow(() -> new IllegalStateException(
                "No second identity configured: set brisk.auth2=uuid:key (--auth2, -Dbrisk.auth2 or BRISK_AUTH2)"));
        int colon = a.indexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("brisk.auth2 must have the form uuid:key");
        }
        return new String[] {a.substring(0, colon), a.substring(colon + 1)};
    }

    /** The API host, failing with a clear message when it is not configured. */
    public String requireApihost() {
        return apihost().orElseThrow(() -> new IllegalStateException(
                "No target configured: set brisk.apihost (--apihost, -Dbrisk.apihost or BRISK_APIHOST)"));
    }

    public String requireUser() {
        return split()[0];
    }

    public String requireKey() {
        return split()[1];
    }

    private String[] split() {
        String a = auth().orElseThrow(() -> new IllegalStateException(
                "No credentials configured: set brisk.auth=uuid:key (--auth, -Dbrisk.auth or BRISK_AUTH)"));
        int colon = a.indexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("brisk.auth must have the form uuid:key");
        }
        return new String[] {a.substring(0, colon), a.substring(colon + 1)};
    }

    /** Namespace path segment used in every request ({@code _} by default). */
    public String namespace() {
        return namespace;
    }

    public boolean insecure() {
        return insecure;
    }

    public double timeoutFactor() {
        return timeoutFactor;
    }

    /**
     * How long reads of an entity the scenario just updated, deleted or (for a rule) enabled or disabled are retried
     * until they show that write: {@code brisk.cache-window} seconds (default 10, as long as OpenWhisk's own tests
     * retry reads "to settle the controller cache"), scaled by the timeout factor.
     */
    public Duration cacheWindow() {
        return scaled(Duration.ofMillis(Math.round(cacheWindowSeconds * 1000)));
    }

    /** Scales a wait or poll deadline by {@code brisk.timeout-factor}. */
    public Duration scaled(Duration d) {
        return Duration.ofMillis(Math.round(d.toMillis() * timeoutFactor));
    }

    public Set<String> claims() {
        return claims;
    }

    /**
     * True if the target claims the optional category (a tag name without '@'), or claims "all" without excluding it
     * ({@code all,-blackbox}).
     */
    public boolean claims(String category) {
        return claims.contains(category) || (claims.contains("all") && !claims.contains("-" + category));
    }

    public Path reports() {
        return reports;
    }

    /** The image blackbox scenarios run (brisk.blackbox-image, default OpenWhisk's Node.js 20 runtime image). */
    public String blackboxImage() {
        return blackboxImage;
    }

    /** Kind used by scenarios that only store actions (core statements), {@code nodejs:default} unless configured. */
    public String defaultKind() {
        return defaultKind;
    }

    @Override
    public String toString() {
        return "apihost=" + apihost + ", namespace=" + namespace + ", insecure=" + insecure + ", timeout-factor="
                + timeoutFactor + ", cache-window=" + cacheWindowSeconds + "s, claims=" + (claims.isEmpty() ? "(none)" : String.join(",", claims))
                + ", default-kind=" + defaultKind + ", blackbox-image=" + blackboxImage + ", second identity=" + (auth2().isPresent() ? "configured" : "(none)")
                + ", admin API=" + (adminAuth().isPresent() ? "configured" : "(none)")
                + (freshNamespace ? ", a fresh namespace per scenario" : "")
                + ", reports=" + reports;
    }
}
