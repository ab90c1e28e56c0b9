package dev.brisk.container.kubernetes;

import dev.brisk.core.container.InlineLogs;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stands in for an action pod's proxy on 127.0.0.1 (the mock server's pods get that IP): OpenWhisk's /init and /run,
 * optionally with Brisk's inline logs. {@code run} behaviours by the request body: {@code "sleep"} answers late,
 * {@code "die"} drops the connection without an answer.
 */
final class StubActionProxy implements AutoCloseable {
    record Call(String path, String body, String logsHeader) {
    }

    final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile boolean supportsInline = true;

    StubActionProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String header = exchange.getRequestHeaders().getFirst(InlineLogs.HEADER);
        String path = exchange.getRequestURI().getPath();
        calls.add(new Call(path, body, header));
        if (body.contains("\"die\"")) {
            exchange.close(); // no status line: the client sees the connection end
            return;
        }
        if (body.contains("\"sleep\"")) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String result = path.equals("/init") ? "{\"ok\":true}" : "{\"greeting\":\"Hello\"}";
        List<String> logs = path.equals("/init") ? List.of("2026-01-01T00:00:00.000000001Z stdout: loading")
                : List.of("2026-01-01T00:00:01.000000001Z stdout: hi", "2026-01-01T00:00:01.000000002Z stderr: oops");
        byte[] out;
        if (supportsInline && InlineLogs.INLINE.equals(header)) {
            String lines = String.join(",", logs.stream().map(l -> "\"" + l + "\"").toList());
            out = ("{\"body\":" + quote(result) + ",\"logs\":[" + lines + "],\"truncated\":false}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add(InlineLogs.HEADER, InlineLogs.INLINE);
            exchange.getResponseHeaders().add("Content-Type", InlineLogs.CONTENT_TYPE);
        } else {
            out = result.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
