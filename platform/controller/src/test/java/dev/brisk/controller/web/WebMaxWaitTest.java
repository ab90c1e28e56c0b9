package dev.brisk.controller.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.controller.EmbeddedStores;
import dev.brisk.controller.auth.Authenticator;
import dev.brisk.controller.entity.ActionResolver;
import dev.brisk.controller.entity.ActionStore;
import dev.brisk.controller.entity.EntityCache;
import dev.brisk.controller.entity.EntityDocs;
import dev.brisk.controller.entity.PackageStore;
import dev.brisk.controller.entity.ResolvedAction;
import dev.brisk.controller.entity.Subject;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.http.Responses;
import dev.brisk.controller.invoke.ActionInvoker;
import dev.brisk.controller.invoke.BlockingWait;
import dev.brisk.controller.limits.NamespaceLimits;
import dev.brisk.controller.limits.Throttles;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.LimitBounds;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Stores;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WEB-026: a web request waits the blocking wait ({@link BlockingWait}) for its action's record, then answers 202 "Response not yet
 * ready." with the activation id and the web CORS headers; a record within the wait is the answer as always. The
 * invoker's {@code start} is replaced by one whose record the test completes (or never does); the rest is real.
 */
class WebMaxWaitTest {
    private static final String UUID = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502";
    private static final String KEY = "123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
    private static final String ID = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    private Stores stores;
    private SubjectStore subjects;
    private SystemLimits limits;
    private ActionResolver resolver;
    /** The record the next activation ends with; never completed unless a test does. */
    private CompletableFuture<WhiskActivation> record;

    @BeforeEach
    void setUp() {
        stores = EmbeddedStores.open(dir);
        subjects = new SubjectStore(stores);
        subjects.create(Subject.create("alice", new Subject.Namespace("alice", UUID, KEY)));
        limits = SystemLimits.OPENWHISK;
        EntityDocs docs = new EntityDocs(stores, new EntityCache(null, null, Duration.ZERO, 0));
        PackageStore packages = new PackageStore(limits, docs);
        resolver = new ActionResolver(docs, packages);
        new ActionStore(docs, packages, resolver, RuntimeManifest.standard(), LimitBounds.OPENWHISK, limits, 50)
                .put(new Identity("alice", "alice", UUID, UUID + ":" + KEY), "alice", "slow",
                        "{\"exec\": {\"kind\": \"nodejs:default\", \"code\": \"function main(p) {return p}\"},"
                                + " \"annotations\": [{\"key\": \"web-export\", \"value\": true}]}", false);
        record = new CompletableFuture<>();
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    private WebActionsResource web(Duration maxWait) {
        ActionInvoker invoker = new ActionInvoker(resolver, null, null, null, null, null) {
            @Override
            public Started start(Identity caller, ResolvedAction target, ObjectNode payload, String cause,
                                 String transid) {
                return new Started(ID, record);
            }
        };
        return new WebActionsResource(invoker, new Authenticator(subjects), subjects,
                new Throttles(new NamespaceLimits(subjects, limits), namespace -> 0), limits, new BlockingWait(maxWait));
    }

    @Test
    void aRecordNotThereWithinTheWaitIs202NotReadyWithTheActivationId() throws Exception {
        long started = System.nanoTime();
        Response r = web(Duration.ofMillis(200)).get(request(), headers(), "alice", "default", "slow.json");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(202, r.getStatus());
        JsonNode body = Json.parse(r.getEntity().toString());
        assertEquals(WebActionsResource.NOT_READY, body.path("error").asText(), body.toString());
        assertEquals("the-transaction", body.path("code").asText(), body.toString());
        assertEquals(ID, r.getHeaderString(Responses.ACTIVATION_ID_HEADER));
        assertEquals("*", r.getHeaderString(WebActionsResource.ALLOW_ORIGIN));
        assertEquals(WebActionsResource.WEB_METHODS, r.getHeaderString(WebActionsResource.ALLOW_METHODS));
        assertTrue(tookMillis >= 200 && tookMillis < 5_000, "waited the configured 200 ms, took " + tookMillis);
    }

    @Test
    void aRecordWithinTheWaitIsTheAnswer() throws Exception {
        WebActionsResource resource = web(Duration.ofSeconds(30));
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            record.complete(new WhiskActivation("alice", "slow", "alice", ID, 1, 2, null,
                    ActivationResponse.success(Json.object().put("done", true)), List.of(), new SemVer(0, 0, 1), false,
                    Parameters.EMPTY));
        });
        Response r = resource.get(request(), headers(), "alice", "default", "slow.json");
        assertEquals(200, r.getStatus(), String.valueOf(r.getEntity()));
        assertEquals(ID, r.getHeaderString(Responses.ACTIVATION_ID_HEADER));
        assertTrue(Json.parse(r.getEntity() instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : r.getEntity().toString()).path("done").asBoolean(), String.valueOf(r.getEntity()));
    }

    @Test
    void theWaitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> web(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> web(Duration.ofSeconds(-1)));
    }

    /** An anonymous GET without headers, query or body; keeps the properties the resource sets. */
    private static ContainerRequestContext request() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("brisk.transid", "the-transaction");
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(WebMaxWaitTest.class.getClassLoader(),
                new Class<?>[]{UriInfo.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestUri" -> URI.create("http://localhost/api/v1/web/alice/default/slow.json");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ContainerRequestContext) Proxy.newProxyInstance(WebMaxWaitTest.class.getClassLoader(),
                new Class<?>[]{ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "setProperty" -> properties.put((String) args[0], args[1]);
                    case "getHeaderString" -> null;
                    case "getMethod" -> "GET";
                    case "hasEntity" -> false;
                    case "getUriInfo" -> uri;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpHeaders headers() {
        return (HttpHeaders) Proxy.newProxyInstance(WebMaxWaitTest.class.getClassLoader(),
                new Class<?>[]{HttpHeaders.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestHeaders" -> new MultivaluedHashMap<String, String>();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
