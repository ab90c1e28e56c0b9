package dev.brisk.core.container;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A proxy's answer read by {@code java.net.http} (the Docker and Kubernetes containers): the first
 * {@link RuntimeResponse#KEPT_BYTES} kept, the rest only counted, so that any size of result is a result-too-large
 * error and never the invoker's memory.
 */
public final class BoundedBody {
    /** The kept start of an answer and its whole length in bytes. */
    public record Text(String start, long length, int kept) {
        public RuntimeResponse response(int status, long begin, long end) {
            return length > kept ? RuntimeResponse.truncated(status, start, length, begin, end)
                    : RuntimeResponse.of(status, start, begin, end);
        }
    }

    private BoundedBody() {
    }

    /** The kept start of an answer arriving in pieces, and its whole length: one place for every HTTP client. */
    public static final class Prefix {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int limit;
        private long total;

        public Prefix(int limit) {
            this.limit = limit;
        }

        public void add(ByteBuffer piece) {
            int n = piece.remaining();
            total += n;
            int room = limit - kept.size();
            if (room > 0) {
                byte[] bytes = new byte[Math.min(room, n)];
                piece.get(bytes);
                kept.write(bytes, 0, bytes.length);
            }
        }

        public Text text() {
            return new Text(kept.toString(StandardCharsets.UTF_8), total, kept.size());
        }
    }

    public static HttpResponse.BodyHandler<Text> handler() {
        return info -> new Subscriber(RuntimeResponse.KEPT_BYTES);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<Text> {
        private final CompletableFuture<Text> result = new CompletableFuture<>();
        private final Prefix prefix;

        Subscriber(int limit) {
            this.prefix = new Prefix(limit);
        }

        @Override
        public CompletionStage<Text> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            items.forEach(prefix::add);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(prefix.text());
        }
    }
}
