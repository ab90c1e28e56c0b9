package dev.brisk.controller.web;

import dev.brisk.controller.EmbeddedStores;
import dev.brisk.controller.auth.Authenticator;
import dev.brisk.controller.entity.ActionResolver;
import dev.brisk.controller.entity.ActionStore;
import dev.brisk.controller.entity.EntityCache;
import dev.brisk.controller.entity.EntityDocs;
import dev.brisk.controller.entity.PackageStore;
import dev.brisk.controller.entity.Subject;
import dev.brisk.controller.entity.SubjectStore;
import dev.brisk.controller.invoke.ActionInvoker;
import dev.brisk.controller.limits.NamespaceLimits;
import dev.brisk.controller.limits.Throttles;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.LimitBounds;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.error.Messages;
import dev.brisk.core.store.Stores;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A web action's body is held to {@code brisk.limits.payload-max-bytes} ({@link SystemLimits#payloadMaxBytes}), the
 * limit every other invoke honours, not to a limit of its own: refused with 413 before anything runs.
 */
class WebPayloadLimitTest {
    private static final String UUID = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502";
    private static final String KEY = "123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
    private static final long PAYLOAD_MAX = 16;

    @TempDir
    Path dir;
    private Stores stores;
    private WebActionsResource web;

    @BeforeEach
    void setUp() {
        stores = EmbeddedStores.open(dir);
        SubjectStore subjects = new SubjectStore(stores);
        subjects.create(Subject.create("alice", new Subject.Namespace("alice", UUID, KEY)));
        SystemLimits configured = new SystemLimits(60, 30, 60, PAYLOAD_MAX, SystemLimits.MB, 48 * SystemLimits.MB,
                SystemLimits.MB);
        EntityDocs docs = new EntityDocs(stores, new EntityCache(null, null, Duration.ZERO, 0));
        PackageStore packages = new PackageStore(configured, docs);
        ActionResolver resolver = new ActionResolver(docs, packages);
        new ActionStore(docs, packages, resolver, RuntimeManifest.standard(), LimitBounds.OPENWHISK, configured, 50)
                .put(new Identity("alice", "alice", UUID, UUID + ":" + KEY), "alice", "echo",
                        "{\"exec\": {\"kind\": \"nodejs:default\", \"code\": \"function main(p) {return p}\"},"
                                + " \"annotations\": [{\"key\": \"web-export\", \"value\": true}]}", false);
        // the invoke itself is never reached: no sequences, no load balancer
        web = new WebActionsResource(new ActionInvoker(resolver, null, null, null, null, null), new Authenticator(subjects), subjects,
                new Throttles(new NamespaceLimits(subjects, configured), namespace -> 0), configured);
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    @Test
    void aBodyAboveTheConfiguredPayloadLimitIs413() {
        Response r = web.post(request(), headers(), "alice", "default", "echo.json", new byte[(int) PAYLOAD_MAX + 1]);
        assertEquals(413, r.getStatus());
        assertTrue(r.getEntity().toString().contains(Messages.requestTooLarge(PAYLOAD_MAX + 1, PAYLOAD_MAX)),
                r.getEntity().toString());
    }

    /** A request with no headers that keeps its properties; nothing else of it is read before the 413. */
    private static ContainerRequestContext request() {
        Map<String, Object> properties = new HashMap<>();
        return (ContainerRequestContext) Proxy.newProxyInstance(WebPayloadLimitTest.class.getClassLoader(),
                new Class<?>[]{ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "setProperty" -> properties.put((String) args[0], args[1]);
                    case "getHeaderString" -> null;
                    case "getMethod" -> "POST";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpHeaders headers() {
        return (HttpHeaders) Proxy.newProxyInstance(WebPayloadLimitTest.class.getClassLoader(),
                new Class<?>[]{HttpHeaders.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
