package dev.brisk.controller.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class UnreadBodyFilterTest {
    /** A request whose entity stream is {@code body} (null: consumed and closed, so Jersey throws). */
    static ContainerRequestContext request(Map<String, Object> properties, InputStream body, AtomicInteger asked) {
        return (ContainerRequestContext) Proxy.newProxyInstance(UnreadBodyFilterTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hasEntity" -> {
                        asked.incrementAndGet();
                        if (body == null) {
                            throw new IllegalStateException("Entity input stream has already been closed.");
                        }
                        yield true;
                    }
                    case "getEntityStream" -> body;
                    case "getProperty" -> properties.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static ContainerResponseContext response(MultivaluedMap<String, Object> headers) {
        return (ContainerResponseContext) Proxy.newProxyInstance(UnreadBodyFilterTest.class.getClassLoader(),
                new Class<?>[] {ContainerResponseContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> headers;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An interceptor context whose reader yields {@code entity}; its properties are the request's. */
    static ReaderInterceptorContext reading(Object entity, Map<String, Object> properties) {
        return (ReaderInterceptorContext) Proxy.newProxyInstance(UnreadBodyFilterTest.class.getClassLoader(),
                new Class<?>[] {ReaderInterceptorContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "proceed" -> entity;
                    case "setProperty" -> properties.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aBodyReadIntoAnEntityIsMarkedAndNeverAskedAboutAgain() throws Exception {
        UnreadBodyFilter filter = new UnreadBodyFilter();
        Map<String, Object> properties = new HashMap<>();
        assertEquals("{}", filter.aroundReadFrom(reading("{}", properties)));
        AtomicInteger asked = new AtomicInteger();
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        filter.filter(request(properties, null, asked), response(headers));
        assertEquals(0, asked.get(), "the consumed body was asked about (Jersey throws for that)");
        assertEquals(Map.of(), headers);
    }

    @Test
    void anEntityThatIsItselfAStreamIsNotMarkedAndWhatItLeftIsDrained() throws Exception {
        UnreadBodyFilter filter = new UnreadBodyFilter();
        Map<String, Object> properties = new HashMap<>();
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[100_000]);
        assertSame(body, filter.aroundReadFrom(reading(body, properties)));
        assertNull(properties.get(UnreadBodyFilter.READ));
        AtomicInteger asked = new AtomicInteger();
        filter.filter(request(properties, body, asked), response(new MultivaluedHashMap<>()));
        assertEquals(1, asked.get());
        assertEquals(0, body.available(), "the rest of the body was left for the next request");
    }

    @Test
    void anUnreadBodyIsDrainedAndTheConnectionKept() {
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[300_000]);
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        new UnreadBodyFilter().filter(request(new HashMap<>(), body, new AtomicInteger()), response(headers));
        assertEquals(0, body.available());
        assertEquals(Map.of(), headers);
    }

    @Test
    void aBodyClosedOutsideAnEntityReadIsLeftAlone() {
        AtomicInteger asked = new AtomicInteger();
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        new UnreadBodyFilter().filter(request(new HashMap<>(), null, asked), response(headers));
        assertEquals(1, asked.get());
        assertEquals(Map.of(), headers, "a consumed body is no reason to close the connection");
    }

    @Test
    void aBodyThatCannotBeReadClosesTheConnection() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("reset");
            }
        };
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        new UnreadBodyFilter().filter(request(new HashMap<>(), broken, new AtomicInteger()), response(headers));
        assertEquals(List.of("close"), headers.get("Connection"));
    }
}
