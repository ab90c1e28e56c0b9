package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SystemLimits;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Triggers in the whisks database (Triggers.scala), with the rule table of each ({@link WhiskTrigger#rules()}). */
@ApplicationScoped
public class TriggerStore {
    private final SystemLimits limits;
    private final EntityDocs docs;

    @Inject
    public TriggerStore(SystemLimits limits, EntityDocs docs) {
        this.limits = limits;
        this.docs = docs;
    }

    public WhiskTrigger get(String namespace, String name) {
        return WhiskTrigger.fromDocument(docs.get(namespace + "/" + EntityName.require(name), WhiskTrigger.ENTITY_TYPE)
                .body());
    }

    /** PUT: create, or with {@code overwrite} update what the body names and keep the rest, the rule table too. */
    public WhiskTrigger put(String namespace, String name, String body, boolean overwrite) {
        EntityName.require(name);
        JsonNode content = Json.objectBody(body);
        RequestSize.checkParameters(content, "parameters", limits.parametersMaxBytes());
        RequestSize.checkParameters(content, "annotations", limits.parametersMaxBytes());
        String docId = namespace + "/" + name;
        Optional<Document> existing = docs.forPut(docId, WhiskTrigger.ENTITY_TYPE, overwrite);
        Optional<WhiskTrigger> old = existing.map(d -> WhiskTrigger.fromDocument(d.body()));
        JsonNode feed = content.has("annotations") ? Parameters.fromJson(content.get("annotations")).get("feed").orElse(null) : null;
        if (feed != null && (!feed.isTextual() || feed.asText().split("/").length < 2)) {
            throw ApiException.badRequest("Feed name is not valid");
        }
        EntityUpdate update = EntityUpdate.of(content);
        WhiskTrigger trigger = new WhiskTrigger(namespace, name, update.version(old.map(WhiskTrigger::version)),
                update.publish(old.map(WhiskTrigger::publish).orElse(false)),
                update.annotations(old.map(WhiskTrigger::annotations).orElse(Parameters.EMPTY)),
                update.parameters(old.map(WhiskTrigger::parameters).orElse(Parameters.EMPTY)),
                old.map(WhiskTrigger::rules).orElse(null), System.currentTimeMillis());
        docs.write(docId, existing, trigger.toDocument());
        return trigger;
    }

    public WhiskTrigger delete(String namespace, String name) {
        Document doc = docs.get(namespace + "/" + EntityName.require(name), WhiskTrigger.ENTITY_TYPE);
        docs.delete(doc);
        return WhiskTrigger.fromDocument(doc.body());
    }

    public List<WhiskTrigger> list(String namespace, int skip, int limit) {
        return docs.list(namespace, WhiskTrigger.ENTITY_TYPE, skip, limit).stream()
                .map(d -> WhiskTrigger.fromDocument(d.body())).toList();
    }

    public long count(String namespace) {
        return docs.count(namespace, WhiskTrigger.ENTITY_TYPE);
    }

    /** The trigger of a document id, if there is one. */
    Optional<WhiskTrigger> find(String triggerDocId) {
        return docs.find(triggerDocId).filter(TriggerStore::isTrigger).map(d -> WhiskTrigger.fromDocument(d.body()));
    }

    private static boolean isTrigger(Document d) {
        return WhiskTrigger.ENTITY_TYPE.equals(d.body().path("entityType").asText());
    }

    /** Changes the trigger's rule table, retrying when a concurrent write won; false when the trigger is gone. */
    boolean updateRules(String triggerDocId, Consumer<Map<String, WhiskTrigger.RuleEntry>> change) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Document> doc = docs.find(triggerDocId).filter(TriggerStore::isTrigger);
            if (doc.isEmpty()) {
                return false;
            }
            WhiskTrigger trigger = WhiskTrigger.fromDocument(doc.get().body());
            Map<String, WhiskTrigger.RuleEntry> rules = new LinkedHashMap<>(trigger.ruleTable());
            change.accept(rules);
            try {
                docs.write(triggerDocId, doc, trigger.withRules(rules).toDocument());
                return true;
            } catch (ApiException conflict) {
                if (conflict.status() != 409) {
                    throw conflict;
                }
            }
        }
        throw ApiException.conflict(Messages.CONCURRENT_MODIFICATION);
    }
}
