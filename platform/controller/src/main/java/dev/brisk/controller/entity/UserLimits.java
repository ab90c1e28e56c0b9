package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

import java.util.List;
import java.util.OptionalInt;

/**
 * A namespace's own throttles (OpenWhisk's UserLimits, set with {@code wskadmin limits set}): the subjects document
 * {@code <namespace>/limits} with {@code invocationsPerMinute}, {@code concurrentInvocations} and
 * {@code firesPerMinute}, and Brisk's {@code activationRetentionSeconds} (how long its activations are kept; 0 keeps
 * them for ever). An absent field, or one that is not an integer, leaves the system default in force.
 */
public record UserLimits(OptionalInt invocationsPerMinute, OptionalInt concurrentInvocations,
                         OptionalInt firesPerMinute, OptionalInt activationRetentionSeconds) {
    /** The fields, in the order they are written. */
    public static final List<String> FIELDS = List.of("invocationsPerMinute", "concurrentInvocations", "firesPerMinute",
            "activationRetentionSeconds");
    /** No limits of its own: the system defaults in force. */
    public static final UserLimits NONE = new UserLimits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.empty());

    /** The three throttles, with the system's retention. */
    public UserLimits(OptionalInt invocationsPerMinute, OptionalInt concurrentInvocations, OptionalInt firesPerMinute) {
        this(invocationsPerMinute, concurrentInvocations, firesPerMinute, OptionalInt.empty());
    }

    /** The id of the limits document of {@code namespace} in the subjects database. */
    public static String docId(String namespace) {
        return namespace + "/limits";
    }

    public ObjectNode toDocument() {
        ObjectNode doc = Json.object();
        invocationsPerMinute.ifPresent(v -> doc.put(FIELDS.get(0), v));
        concurrentInvocations.ifPresent(v -> doc.put(FIELDS.get(1), v));
        firesPerMinute.ifPresent(v -> doc.put(FIELDS.get(2), v));
        activationRetentionSeconds.ifPresent(v -> doc.put(FIELDS.get(3), v));
        return doc;
    }

    public static UserLimits fromDocument(JsonNode doc) {
        return new UserLimits(field(doc, FIELDS.get(0)), field(doc, FIELDS.get(1)), field(doc, FIELDS.get(2)),
                field(doc, FIELDS.get(3)));
    }

    private static OptionalInt field(JsonNode doc, String name) {
        JsonNode v = doc.path(name);
        return v.canConvertToInt() && v.isIntegralNumber() ? OptionalInt.of(v.asInt()) : OptionalInt.empty();
    }
}
