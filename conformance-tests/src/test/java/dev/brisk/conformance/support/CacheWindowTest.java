package dev.brisk.conformance.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.restassured.response.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads after the scenario's own writes, against a stand-in for a caching controller: it answers a scripted list of
 * (status, body) and then keeps answering the last one.
 */
class CacheWindowTest {
    private static HttpServer server;
    private static String base;
    private static final Deque<String[]> SCRIPT = new ArrayDeque<>();
    private static final AtomicInteger READS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().equals("/entity")) {
                READS.incrementAndGet();
            }
            String[] answer;
            synchronized (SCRIPT) {
                answer = SCRIPT.size() > 1 ? SCRIPT.poll() : SCRIPT.peek();
            }
            if (exchange.getRequestURI().getPath().equals("/write")) {
                answer = new String[] {exchange.getRequestURI().getQuery().split("=")[1], NEW};
            } else if (exchange.getRequestURI().getPath().equals("/write-plain")) {
                answer = new String[] {"200", "{\"name\":\"x\"}"};
            }
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void reset() {
        SCRIPT.clear();
        READS.set(0);
    }

    private static void script(String... statusAndBody) {
        for (int i = 0; i < statusAndBody.length; i += 2) {
            SCRIPT.add(new String[] {statusAndBody[i], statusAndBody[i + 1]});
        }
    }

    private static Response write(int status) {
        return given().get(base + "/write?status=" + status);
    }

    private static final Supplier<Response> READ = () -> given().get(base + "/entity");
    private static final String OLD = "{\"version\":\"0.0.1\",\"updated\":1700000000001}";
    private static final String NEW = "{\"version\":\"0.0.2\",\"updated\":1700000000002}";

    @Test
    void aStaleReadIsRepeatedUntilItShowsTheUpdate() {
        CacheWindow cache = new CacheWindow(Duration.ofSeconds(10), Duration.ofMillis(10));
        Response w = write(200);
        cache.wrote("actions/a", w, READ, CacheWindow.sameRevisionAs(w));
        script("200", OLD, "200", OLD, "200", NEW);
        assertTrue(cache.pending());
        assertEquals(List.of(), cache.settle());
        assertEquals(3, READS.get(), "two stale reads, then the one that shows the update");
        assertFalse(cache.pending());
        assertEquals(List.of(), cache.unsettled());
    }

    @Test
    void aReadThatNeverShowsTheWriteGivesUpAfterTheWindow() {
        CacheWindow cache = new CacheWindow(Duration.ofMillis(300), Duration.ofMillis(20));
        Response w = write(200);
        cache.wrote("actions/a", w, READ, CacheWindow.sameRevisionAs(w));
        script("200", OLD);
        long start = System.nanoTime();
        assertEquals(List.of("actions/a"), cache.settle());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 300 && ms < 5_000, "waited the window: " + ms + " ms");
        assertTrue(READS.get() > 2, "read again and again: " + READS.get());
        assertEquals(List.of("actions/a"), cache.unsettled());
    }

    @Test
    void aDeleteIsShownByA404AndAStatusByItsMember() {
        CacheWindow cache = new CacheWindow(Duration.ofSeconds(10), Duration.ofMillis(10));
        cache.wrote("triggers/t", write(200), READ, CacheWindow.gone());
        script("200", OLD, "404", "{\"error\":\"gone\"}");
        assertEquals(List.of(), cache.settle());
        assertEquals(2, READS.get());

        reset();
        cache.wrote("rules/r", write(200), READ, CacheWindow.member("status", "inactive"));
        script("200", "{\"status\":\"active\"}", "200", "{\"status\":\"inactive\"}");
        assertEquals(List.of(), cache.settle());
        assertEquals(2, READS.get());
    }

    @Test
    void aFailedWriteOrNoWriteReadsNothing() {
        CacheWindow cache = new CacheWindow(Duration.ofSeconds(10), Duration.ofMillis(10));
        cache.wrote("actions/a", write(409), READ, CacheWindow.gone());
        assertFalse(cache.pending());
        assertEquals(List.of(), cache.settle());
        assertEquals(0, READS.get());
    }

    @Test
    void aWriteAnsweredWithoutRevisionIsShownByAny200() {
        CacheWindow cache = new CacheWindow(Duration.ofSeconds(10), Duration.ofMillis(10));
        Response w = given().get(base + "/write-plain");
        cache.wrote("packages/p", w, READ, CacheWindow.sameRevisionAs(w));
        script("404", "{}", "200", OLD);
        assertEquals(List.of(), cache.settle());
        assertEquals(2, READS.get());
    }

    @Test
    void aReadWithoutUpdatedIsJudgedByItsVersion() {
        CacheWindow cache = new CacheWindow(Duration.ofSeconds(10), Duration.ofMillis(10));
        Response w = write(200);
        cache.wrote("packages/p", w, READ, CacheWindow.sameRevisionAs(w));
        script("200", "{\"version\":\"0.0.1\"}", "200", "{\"version\":\"0.0.2\"}");
        assertEquals(List.of(), cache.settle());
        assertEquals(2, READS.get());
    }
}
