package dev.brisk.runtimes.process;

import dev.brisk.core.container.BoundedBody;
import dev.brisk.core.container.RuntimeResponse;
import org.eclipse.jetty.client.Response;

import java.nio.ByteBuffer;

/**
 * Keeps the first {@link RuntimeResponse#KEPT_BYTES} of a proxy's answer and counts the rest (Jetty's side of
 * {@link BoundedBody}): however much an action returns, the invoker holds a bounded part, and the answer stays an
 * answer (a result-too-large error).
 */
final class BoundedContent implements Response.ContentListener {
    private final BoundedBody.Prefix prefix;

    BoundedContent(int limit) {
        this.prefix = new BoundedBody.Prefix(limit);
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        prefix.add(content);
    }

    RuntimeResponse response(int status, long start, long end) {
        return prefix.text().response(status, start, end);
    }
}
