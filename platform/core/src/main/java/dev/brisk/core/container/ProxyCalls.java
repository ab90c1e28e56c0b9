package dev.brisk.core.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The runtime protocol's two calls, {@code POST /init} and {@code POST /run}, over {@code java.net.http}: one place for
 * the containers reached at a network address (Docker, Kubernetes). The answer is read bounded ({@link BoundedBody});
 * no answer in time is {@link RuntimeResponse.Failure#TIMEOUT}, a lost connection {@code NO_RESPONSE} or, when the
 * container says its memory ran out, {@code MEMORY_EXHAUSTED}. The process containers speak the same protocol over a
 * Unix socket (Jetty), which {@code java.net.http} cannot.
 */
public final class ProxyCalls {
    /** Added to the time limit to bound reading the body too; the request timeout covers only the headers. */
    private static final long BODY_GRACE_MILLIS = 5_000;

    /** A call's outcome, with the proxy's response headers (empty when there was no answer). */
    public record Answer(RuntimeResponse response, HttpHeaders headers) {
        public boolean answered() {
            return response.failure() == null;
        }
    }

    private final HttpClient http;

    public ProxyCalls(HttpClient http) {
        this.http = http;
    }

    /**
     * POSTs {@code body} as JSON to {@code uri} within {@code timeout}.
     *
     * @param headers          extra request headers
     * @param memoryExhausted  asked after a lost connection: whether the container was killed for its memory
     */
    public Answer post(URI uri, ObjectNode body, Duration timeout, Map<String, String> headers,
                       BooleanSupplier memoryExhausted) {
        long start = System.currentTimeMillis();
        Duration limit = timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(limit)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<BoundedBody.Text>> call = http.sendAsync(request.build(), BoundedBody.handler());
        try {
            HttpResponse<BoundedBody.Text> response = call.get(limit.toMillis() + BODY_GRACE_MILLIS,
                    TimeUnit.MILLISECONDS);
            return new Answer(response.body().response(response.statusCode(), start, System.currentTimeMillis()),
                    response.headers());
        } catch (ExecutionException e) {
            var failure = e.getCause() instanceof HttpTimeoutException ? RuntimeResponse.Failure.TIMEOUT
                    : memoryExhausted.getAsBoolean() ? RuntimeResponse.Failure.MEMORY_EXHAUSTED
                    : RuntimeResponse.Failure.NO_RESPONSE;
            return failed(failure, start);
        } catch (TimeoutException e) {
            call.cancel(true);
            return failed(RuntimeResponse.Failure.TIMEOUT, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return failed(RuntimeResponse.Failure.NO_RESPONSE, start);
        }
    }

    /** A call not made (the container is gone): no answer. */
    public static Answer notMade() {
        long now = System.currentTimeMillis();
        return failed(RuntimeResponse.Failure.NO_RESPONSE, now);
    }

    private static Answer failed(RuntimeResponse.Failure failure, long start) {
        return new Answer(RuntimeResponse.failed(failure, start, System.currentTimeMillis()),
                HttpHeaders.of(Map.of(), (name, value) -> true));
    }
}
