package dev.brisk.core.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brisk's extension of OpenWhisk's runtime protocol that returns an activation's log lines with the {@code /init}
 * or {@code /run} response, so the invoker does not read every activation's logs through the API server
 * (OpenWhisk's known bottleneck with its Kubernetes factory, apache/openwhisk#3439), and activations running in one
 * container at once (an action's concurrency above 1) each get their own lines, where its output stream mixes them.
 *
 * <ul>
 * <li>The invoker asks with the request header {@code X-Brisk-Logs: inline}. A proxy that does not know the
 *     extension ignores the header and answers as usual; nothing changes for it.</li>
 * <li>A proxy that knows it collects what the action writes to stdout and stderr during the call (up to, not
 *     including, the sentinels it still writes), and answers with the same HTTP status, the response header
 *     {@code X-Brisk-Logs: inline}, {@code Content-Type: application/vnd.brisk.logs+json} and the body
 *     {@code {"body": "<the response body it would have sent, as a string>", "logs": ["<ISO-8601 time> stdout: msg",
 *     ...], "truncated": false}}. Lines are formatted as OpenWhisk's activation logs; the proxy may stop collecting
 *     at a bound of its own and then sets {@code truncated}.</li>
 * <li>The invoker unwraps the body, keeps the lines for {@code Container.logs()} and applies the action's log limit
 *     itself. Lines of a successful {@code /init} belong to the first activation, as in OpenWhisk.</li>
 * <li>A proxy running several requests at once collects each one's lines apart (Node.js: what runs in the request's
 *     asynchronous context).</li>
 * </ul>
 */
public final class InlineLogs {
    public static final String HEADER = "X-Brisk-Logs";
    public static final String INLINE = "inline";
    public static final String CONTENT_TYPE = "application/vnd.brisk.logs+json";

    private InlineLogs() {
    }

    /** The original body and the lines of an inline answer; empty when {@code body} is not one. */
    public record Unwrapped(String body, List<String> lines, boolean truncated) {
    }

    public static Optional<Unwrapped> unwrap(String body) {
        try {
            JsonNode node = Json.parse(body);
            if (!node.isObject() || !node.path("body").isTextual() || !node.path("logs").isArray()) {
                return Optional.empty();
            }
            List<String> lines = new ArrayList<>();
            node.get("logs").forEach(l -> lines.add(l.isTextual() ? l.asText() : l.toString()));
            return Optional.of(new Unwrapped(node.get("body").asText(), lines, node.path("truncated").asBoolean(false)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Cuts {@code lines} at {@code limitBytes} (UTF-8 bytes plus a newline each) with OpenWhisk's note. */
    public static ActivationLogs limit(List<String> lines, long limitBytes, boolean alreadyTruncated) {
        List<String> taken = new ArrayList<>();
        long bytes = 0;
        boolean truncated = alreadyTruncated;
        for (String line : lines) {
            long size = line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > limitBytes) {
                truncated = true;
                break;
            }
            bytes += size;
            taken.add(line);
        }
        if (truncated) {
            taken.add(LogLine.truncated(limitBytes));
        }
        return new ActivationLogs(taken, truncated);
    }
}
