package dev.brisk.runtimes.process;

import dev.brisk.core.container.RuntimeResponse;
import org.eclipse.jetty.client.Response;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@link RuntimeResponse#KEPT_BYTES} of a proxy's answer and counts the rest: however much an
 * action returns, the invoker holds a bounded part, and the answer stays an answer (a result-too-large error).
 */
final class BoundedContent implements Response.ContentListener {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private long total;

    BoundedContent(int limit) {
        this.limit = limit;
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        int n = content.remaining();
        total += n;
        int room = limit - kept.size();
        if (room > 0) {
            byte[] bytes = new byte[Math.min(room, n)];
            content.get(bytes);
            kept.write(bytes, 0, bytes.length);
        }
    }

    RuntimeResponse response(int status, long start, long end) {
        String body = kept.toString(StandardCharsets.UTF_8);
        return total > kept.size() ? RuntimeResponse.truncated(status, body, total, start, end)
                : RuntimeResponse.of(status, body, start, end);
    }
}
