package dev.brisk.controller.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.json.Json;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments a fire passes to each rule's action (TRG-014, Triggers.scala activate): the trigger's parameters,
 * then {@code __ow_headers} (the fire request's headers by lower-cased name), then the payload's fields, each
 * replacing what came before under the same key.
 */
public final class FireArguments {
    /** The member of the arguments that holds the fire request's headers. */
    public static final String HEADERS = "__ow_headers";

    /**
     * Headers never forwarded: credentials (unlike OpenWhisk, which forwards them: a rule's action may be of a
     * package another namespace shares, and must not learn the firer's key) and what the HTTP layer keeps out of
     * the header list OpenWhisk reads (they describe the entity or the connection).
     */
    private static final Set<String> DROPPED = Set.of("authorization", "proxy-authorization", "cookie",
            "content-type", "content-length", "transfer-encoding", "timeout-access");

    private FireArguments() {
    }

    /** The headers as the action sees them: lower-cased names, the last value of a repeated header. */
    public static ObjectNode headers(Map<String, List<String>> request) {
        ObjectNode o = Json.object();
        if (request == null) {
            return o;
        }
        request.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!DROPPED.contains(lower) && values != null && !values.isEmpty()) {
                o.put(lower, values.get(values.size() - 1));
            }
        });
        return o;
    }

    /** Trigger parameters, then the headers, then the payload's fields (payload wins). */
    public static ObjectNode merge(Parameters triggerParameters, ObjectNode headers, JsonNode payload) {
        ObjectNode args = triggerParameters.toObject();
        args.set(HEADERS, headers == null ? Json.object() : headers.deepCopy());
        if (payload != null) {
            payload.properties().forEach(e -> args.set(e.getKey(), e.getValue()));
        }
        return args;
    }
}
