package dev.brisk.conformance.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Per-scenario state shared by all step classes (PicoContainer creates one per scenario): the HTTP client set up
 * for the target, the last response, the mapping from the logical entity names used in the features to unique
 * names, the entities to delete afterwards and the activation ids seen so far.
 */
public class World {

    /** Prefix of every entity the suite creates. */
    public static final String PREFIX = "brisk-cts-";

    private static final Object NS_LOCK = new Object();
    private static volatile String resolvedNamespace;

    private final TargetConfig config = TargetConfig.get();
    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    private final Map<String, String> names = new HashMap<>();
    private final Set<String> createdActions = new LinkedHashSet<>();
    private final List<String> activationIds = new ArrayList<>();
    private final Map<String, List<String>> activationsByAction = new HashMap<>();
    private final Map<String, String> submittedCode = new HashMap<>();
    private Response last;
    private Response previous;
    /** The scenario's own namespace and its uuid:key when brisk.fresh-namespace-per-scenario made one, else null. */
    private String freshNamespace;
    private String freshAuth;
    private final Map<String, Object> records = new HashMap<>();

    public TargetConfig config() {
        return config;
    }

    /** Unique random token of this scenario. */
    public String suffix() {
        return suffix;
    }

    // ---------------------------------------------------------------- HTTP

    private RestAssuredConfig restConfig() {
        int socketTimeout = (int) config.scaled(Duration.ofSeconds(90)).toMillis();
        RestAssuredConfig rc = RestAssuredConfig.config()
                .encoderConfig(EncoderConfig.encoderConfig()
                        .defaultContentCharset("UTF-8")
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false))
                .redirect(RedirectConfig.redirectConfig().followRedirects(false))
                .httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.connection.timeout", 10_000)
                        .setParam("http.socket.timeout", socketTimeout));
        if (config.insecure()) {
            rc = rc.sslConfig(SSLConfig.sslConfig().relaxedHTTPSValidation().allowAllHostnames());
        }
        return rc;
    }

    /**
     * A request to the target without credentials. No Content-Type unless a body sets one: REST Assured would send
     * its form type with a bodiless POST, and OpenWhisk answers such an invoke or fire with 415.
     */
    public RequestSpecification anonymous() {
        return given().config(restConfig()).baseUri(config.requireApihost()).urlEncodingEnabled(true).noContentType();
    }

    /** A request with the scenario's Basic credentials: its fresh namespace's, else the configured ones. */
    public RequestSpecification api() {
        return anonymous().auth().preemptive().basic(user(), key());
    }

    /** The scenario's identity (uuid): of its fresh namespace when there is one, else brisk.auth's. */
    public String user() {
        return freshAuth == null ? config.requireUser() : freshAuth.substring(0, freshAuth.indexOf(':'));
    }

    /** The scenario's key: of its fresh namespace when there is one, else brisk.auth's. */
    public String key() {
        return freshAuth == null ? config.requireKey() : freshAuth.substring(freshAuth.indexOf(':') + 1);
    }

    /** From now on this scenario acts in {@code namespace} with {@code auth} (uuid:key). */
    public void useFreshNamespace(String namespace, String auth) {
        if (auth == null || auth.indexOf(':') <= 0) {
            throw new IllegalArgumentException("not a uuid:key: " + auth);
        }
        this.freshNamespace = namespace;
        this.freshAuth = auth;
    }

    /** The namespace made for this scenario alone, or null. */
    public String freshNamespace() {
        return freshNamespace;
    }

    /** A request with the given Basic credentials. */
    public RequestSpecification apiAs(String user, String key) {
        return anonymous().auth().preemptive().basic(user, key);
    }

    /** A request with JSON content type and the given body. */
    public RequestSpecification json(String body) {
        return api().contentType(ContentType.JSON).body(body);
    }

    /** Namespace path segment used in requests ({@code _} unless configured). */
    public String ns() {
        return config.namespace();
    }

    /** The caller's namespace name as the target reports it (never {@code _}). */
    public String namespaceName() {
        if (freshNamespace != null) {
            return freshNamespace;
        }
        String n = resolvedNamespace;
        if (n != null) {
            return n;
        }
        synchronized (NS_LOCK) {
            if (resolvedNamespace == null) {
                if (!"_".equals(config.namespace())) {
                    resolvedNamespace = config.namespace();
                } else {
                    Response r = api().get("/api/v1/namespaces");
                    if (r.statusCode() != 200) {
                        throw new AssertionError("Cannot resolve the caller's namespace: GET /api/v1/namespaces returned "
                                + r.statusCode() + " " + r.asString());
                    }
                    List<String> list = r.jsonPath().getList("$", String.class);
                    if (list == null || list.size() != 1) {
                        throw new AssertionError("GET /api/v1/namespaces did not return exactly one namespace: "
                                + r.asString());
                    }
                    resolvedNamespace = list.get(0);
                }
            }
            return resolvedNamespace;
        }
    }

    public String actionsPath() {
        return "/api/v1/namespaces/{ns}/actions";
    }

    public String actionPath() {
        return "/api/v1/namespaces/{ns}/actions/{name}";
    }

    public String activationsPath() {
        return "/api/v1/namespaces/{ns}/activations";
    }

    // ---------------------------------------------------------------- responses

    public Response last() {
        if (last == null) {
            throw new IllegalStateException("No request has been sent in this scenario yet");
        }
        return last;
    }

    public Response remember(Response r) {
        this.previous = this.last;
        this.last = r;
        return r;
    }

    /** The response before the last one. */
    public Response previous() {
        if (previous == null) {
            throw new IllegalStateException("Fewer than two requests have been sent in this scenario");
        }
        return previous;
    }

    /** The last response body as JSON. */
    public Object body() {
        return Json.parse(last().asString());
    }

    /** Remembers activation records fetched in this scenario, by id. */
    public void record(String id, Object record) {
        records.put(id, record);
    }

    public Object record(String id) {
        return records.get(id);
    }

    // ---------------------------------------------------------------- names and cleanup

    /**
     * The unique name used on the target for a logical name of the feature (for example "hello" becomes
     * "brisk-cts-3fa2c19d0e-hello").
     */
    public String name(String logical) {
        return names.computeIfAbsent(logical, l -> PREFIX + suffix + "-" + l);
    }

    /**
     * The path within the namespace of a logical action reference: {@code "echo"} is the action's name,
     * {@code "kit/echo"} the action {@code echo} of the package (or binding) {@code kit}, each part as sent.
     */
    public String path(String logical) {
        int slash = logical.indexOf('/');
        return slash < 0 ? name(logical) : name(logical.substring(0, slash)) + "/" + name(logical.substring(slash + 1));
    }

    /** Records an action name (as sent to the target) for deletion after the scenario. */
    public void created(String actionName) {
        createdActions.add(actionName);
    }

    public Set<String> createdActions() {
        return createdActions;
    }

    public void code(String actionName, String code) {
        submittedCode.put(actionName, code);
    }

    public String code(String actionName) {
        return submittedCode.get(actionName);
    }

    // ---------------------------------------------------------------- activations

    public void activation(String id) {
        if (id != null && (activationIds.isEmpty() || !activationIds.get(activationIds.size() - 1).equals(id))) {
            activationIds.add(id);
        }
    }

    public List<String> activationIds() {
        return activationIds;
    }

    /** Records an activation of the action {@code actionName} (its name as sent), so lists can wait for it. */
    public void activation(String id, String actionName) {
        activation(id);
        if (id != null) {
            activationsByAction.computeIfAbsent(actionName, k -> new ArrayList<>()).add(id);
        }
    }

    /** The activations of {@code actionName} this scenario started and saw an id for. */
    public List<String> activationsOf(String actionName) {
        return activationsByAction.getOrDefault(actionName, List.of());
    }

    public String lastActivationId() {
        if (activationIds.isEmpty()) {
            throw new IllegalStateException("No activation id has been seen in this scenario yet");
        }
        return activationIds.get(activationIds.size() - 1);
    }

    // ---------------------------------------------------------------- polling

    /**
     * Sends the request every 300 ms until the condition holds or the deadline (scaled by brisk.timeout-factor)
     * passes; returns the last response either way (the caller asserts on it).
     */
    public Response poll(Supplier<Response> request, Predicate<Response> done, Duration deadline) {
        long end = System.nanoTime() + config.scaled(deadline).toNanos();
        Response r = request.get();
        while (!done.test(r) && System.nanoTime() < end) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = request.get();
        }
        return r;
    }

    // ---------------------------------------------------------------- second identity

    private static final Object NS2_LOCK = new Object();
    private static volatile String resolvedNamespace2;

    /** A request with the second identity's Basic credentials (brisk.auth2). */
    public RequestSpecification api2() {
        String[] a = config.requireAuth2();
        return apiAs(a[0], a[1]);
    }

    /** The second identity's namespace name, from GET /api/v1/namespaces with brisk.auth2. */
    public String namespaceName2() {
        String n = resolvedNamespace2;
        if (n != null) {
            return n;
        }
        synchronized (NS2_LOCK) {
            if (resolvedNamespace2 == null) {
                Response r = api2().get("/api/v1/namespaces");
                if (r.statusCode() != 200) {
                    throw new AssertionError("Cannot resolve the second identity's namespace: GET /api/v1/namespaces "
                            + "returned " + r.statusCode() + " " + r.asString());
                }
                List<String> list = r.jsonPath().getList("$", String.class);
                if (list == null || list.size() != 1) {
                    throw new AssertionError("GET /api/v1/namespaces did not return exactly one namespace for the "
                            + "second identity: " + r.asString());
                }
                resolvedNamespace2 = list.get(0);
            }
            return resolvedNamespace2;
        }
    }

    // ---------------------------------------------------------------- other collections

    /**
     * An entity created by a scenario in a collection other than top-level actions (which {@link #created(String)}
     * records): {@code collection} is "rules", "triggers", "packages" or "actions" (for actions in a package);
     * {@code segments} are the path segments after the collection (package and action for packaged actions), as sent;
     * {@code second} tells whether the second identity owns it.
     */
    public record Entity(String collection, List<String> segments, boolean second) {
    }

    private final Set<Entity> createdEntities = new LinkedHashSet<>();

    /** Records an entity for deletion after the scenario (see {@link Entity}). */
    public void createdEntity(String collection, boolean second, String... segments) {
        createdEntities.add(new Entity(collection, List.of(segments), second));
    }

    public Set<Entity> createdEntities() {
        return createdEntities;
    }

    /** "/api/v1/namespaces/{ns}/{collection}/{s0}[/{s1}]" with positional, URL-encoded path parameters. */
    public static String entityPath(String collection, int segments) {
        StringBuilder sb = new StringBuilder("/api/v1/namespaces/{ns}/").append(collection);
        for (int i = 0; i < segments; i++) {
            sb.append("/{s").append(i).append('}');
        }
        return sb.toString();
    }

    /** Sends a request to an entity of a collection: the namespace segment then the path segments. */
    public Response send(RequestSpecification spec, String method, String namespace, String collection,
            String... segments) {
        Object[] params = new Object[segments.length + 1];
        params[0] = namespace;
        System.arraycopy(segments, 0, params, 1, segments.length);
        return spec.request(method, entityPath(collection, segments.length), params);
    }

    /**
     * Fills placeholders in a text: {namespace} (the caller's namespace name), {namespace2} (the second identity's)
     * and {name:LOGICAL} (the unique name of a logical name).
     */
    public String expand(String template) {
        String t = template;
        if (t.contains("{namespace}")) {
            t = t.replace("{namespace}", namespaceName());
        }
        if (t.contains("{namespace2}")) {
            t = t.replace("{namespace2}", namespaceName2());
        }
        int i;
        while ((i = t.indexOf("{name:")) >= 0) {
            int end = t.indexOf('}', i);
            t = t.substring(0, i) + name(t.substring(i + 6, end)) + t.substring(end + 1);
        }
        return t;
    }

    private String lastTriggerActivationId;
    private List<Object> componentRecords = List.of();

    /** The activation id of the last accepted trigger fire. */
    public void triggerActivation(String id) {
        this.lastTriggerActivationId = id;
        activation(id);
    }

    public String lastTriggerActivationId() {
        if (lastTriggerActivationId == null) {
            throw new IllegalStateException("No trigger fire has been accepted in this scenario yet");
        }
        return lastTriggerActivationId;
    }

    /** Records of the components listed by the last sequence activation examined. */
    public void componentRecords(List<Object> records) {
        this.componentRecords = List.copyOf(records);
    }

    public List<Object> componentRecords() {
        return componentRecords;
    }

    // ---------------------------------------------------------------- the target's entity cache

    private CacheWindow cache;

    /** The scenario's writes that reads must show (see {@link CacheWindow}), within brisk.cache-window. */
    public CacheWindow cache() {
        if (cache == null) {
            cache = new CacheWindow(config.cacheWindow());
        }
        return cache;
    }

    /**
     * Notes a write of an entity of the caller's own namespace: {@code collection} and {@code segments} as for
     * {@link #send}; a read (GET as the scenario's identity) shows the write when {@code shows} accepts it.
     */
    public void wrote(Response write, Predicate<Response> shows, String collection, String... segments) {
        cache().wrote(collection + "/" + String.join("/", segments), write,
                () -> send(api(), "GET", ns(), collection, segments), shows);
    }

    /**
     * Before reading an entity, invoking or firing: waits, within the cache window, until reads show every write the
     * scenario noted (nothing to do when it noted none).
     */
    public void settleWrites() {
        if (cache != null && cache.pending()) {
            cache.settle();
        }
    }

    /** Default deadline for eventually consistent reads (activation records, logs). */
    public static final Duration EVENTUALLY = Duration.ofSeconds(60);
}
