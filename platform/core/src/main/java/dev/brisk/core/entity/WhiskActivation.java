package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * An activation record (WhiskActivation.scala). {@code end == 0} means "no end" (trigger activations), in which case
 * {@code end} and {@code duration} are left out of the JSON, as OpenWhisk does.
 *
 * @param namespace the namespace of the activation (the invoker's subject namespace)
 * @param name      the action's simple name
 * @param duration  {@code end - start} for an action; for a sequence or a composition the sum of its components'
 *                  durations, the "user" time, as OpenWhisk records it (SequenceAccounting, PrimitiveActions)
 */
public record WhiskActivation(String namespace, String name, String subject, String activationId,
                              long start, long end, String cause, ActivationResponse response,
                              List<String> logs, SemVer version, boolean publish, Parameters annotations,
                              long duration) {

    public WhiskActivation {
        logs = List.copyOf(logs);
        if (end == 0) {
            duration = 0;
        }
    }

    /** An activation that took {@code end - start}. */
    public WhiskActivation(String namespace, String name, String subject, String activationId, long start, long end,
                           String cause, ActivationResponse response, List<String> logs, SemVer version,
                           boolean publish, Parameters annotations) {
        this(namespace, name, subject, activationId, start, end, cause, response, logs, version, publish, annotations,
                end == 0 ? 0 : end - start);
    }

    public WhiskActivation withLogs(List<String> newLogs) {
        return new WhiskActivation(namespace, name, subject, activationId, start, end, cause, response, newLogs,
                version, publish, annotations, duration);
    }

    /** The API form: {@code statusCode} removed from {@code response}. */
    public ObjectNode toJson() {
        return render(false);
    }

    /** The stored form, keeping {@code statusCode} and the entity type the views select on. */
    public ObjectNode toDocument() {
        ObjectNode o = render(true);
        o.put("entityType", "activation");
        return o;
    }

    private ObjectNode render(boolean stored) {
        ObjectNode o = Json.object();
        o.put("namespace", namespace);
        o.put("name", name);
        o.put("subject", subject);
        putTimes(o);
        o.set("response", response.toJson(stored));
        ArrayNode l = o.putArray("logs");
        logs.forEach(l::add);
        o.put("version", version.toString());
        o.put("publish", publish);
        o.set("annotations", annotations.toJson());
        return o;
    }

    /** {@code activationId, start}, and {@code end, duration} once it ended, {@code cause} when it has one. */
    private void putTimes(ObjectNode o) {
        o.put("activationId", activationId);
        o.put("start", start);
        if (end != 0) {
            o.put("end", end);
            o.put("duration", duration());
        }
        if (cause != null) {
            o.put("cause", cause);
        }
    }

    /** The list-view summary (activations design document): no response/logs, {@code statusCode} kept. */
    public ObjectNode toSummaryJson() {
        ObjectNode o = EntityJson.start(namespace, name, version, publish, annotations);
        putTimes(o);
        o.put("statusCode", response.statusCode());
        return o;
    }

    /** The value of the {@code path} annotation ({@code ns/[pkg/]action}), used by the name filter. */
    public String path() {
        return annotations.get("path").map(JsonNode::asText).orElse(namespace + "/" + name);
    }

    public static WhiskActivation fromDocument(JsonNode doc) {
        List<String> logs = new ArrayList<>();
        doc.path("logs").forEach(n -> logs.add(n.asText()));
        return new WhiskActivation(doc.path("namespace").asText(), doc.path("name").asText(),
                doc.path("subject").asText(), doc.path("activationId").asText(), doc.path("start").asLong(),
                doc.path("end").asLong(0), doc.hasNonNull("cause") ? doc.get("cause").asText() : null,
                ActivationResponse.fromJson(doc.path("response")), logs,
                SemVer.parse(doc.path("version").asText("0.0.1")), doc.path("publish").asBoolean(false),
                Parameters.fromJson(doc.get("annotations")),
                doc.path("duration").canConvertToLong() && doc.path("duration").isIntegralNumber()
                        ? doc.path("duration").asLong()
                        : doc.path("end").asLong(0) == 0 ? 0 : doc.path("end").asLong() - doc.path("start").asLong());
    }
}
