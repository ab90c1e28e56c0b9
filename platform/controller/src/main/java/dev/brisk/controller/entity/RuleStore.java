package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.EntityName;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.store.Document;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.brisk.controller.entity.WhiskTrigger.RuleEntry.ACTIVE;
import static dev.brisk.controller.entity.WhiskTrigger.RuleEntry.INACTIVE;

/**
 * Rules (Rules.scala): a rule document names its trigger and action; whether it is active lives in the trigger's
 * rule table, so firing reads one document. A new rule is active; an update keeps the status.
 */
@ApplicationScoped
public class RuleStore {
    private final EntityDocs docs;
    private final TriggerStore triggers;
    private final ActionResolver resolver;

    @Inject
    public RuleStore(EntityDocs docs, TriggerStore triggers, ActionResolver resolver) {
        this.docs = docs;
        this.triggers = triggers;
        this.resolver = resolver;
    }

    public WhiskRule.WithStatus put(Identity caller, String namespace, String name, String body, boolean overwrite) {
        EntityName.require(name);
        JsonNode content = Json.objectBody(body);
        String docId = namespace + "/" + name;
        entitle(caller, content);
        Optional<Document> existing = docs.forPut(docId, WhiskRule.ENTITY_TYPE, overwrite);
        Optional<WhiskRule> old = existing.map(d -> WhiskRule.fromDocument(d.body()));
        String triggerFqn = text(content, "trigger", old.map(WhiskRule::trigger));
        String actionFqn = text(content, "action", old.map(WhiskRule::action));
        if (triggerFqn == null || actionFqn == null) {
            throw new Json.MalformedJsonException("a rule needs 'trigger' and 'action'");
        }
        String[] t = ActionResolver.qualified(caller, triggerFqn);
        String[] a = ActionResolver.qualified(caller, actionFqn);
        QualifiedName trigger = QualifiedName.of(t);
        QualifiedName action = QualifiedName.of(a);
        if (triggers.find(trigger.docId()).isEmpty()) {
            throw ApiException.badRequest("trigger /" + trigger.docId() + " does not exist");
        }
        try {
            resolver.resolve(caller, a[0], a[1]);
        } catch (ApiException e) {
            if (e.status() == 403) {
                throw e; // entitled above; kept should the package change in between
            }
            throw ApiException.badRequest("action /" + a[0] + "/" + a[1] + " does not exist");
        }
        String status = old.map(this::statusOf).orElse(ACTIVE);
        EntityUpdate update = EntityUpdate.of(content);
        WhiskRule rule = new WhiskRule(namespace, name, update.version(old.map(WhiskRule::version)),
                update.publish(old.map(WhiskRule::publish).orElse(false)),
                update.annotations(old.map(WhiskRule::annotations).orElse(Parameters.EMPTY)), trigger, action,
                System.currentTimeMillis());
        if (old.isPresent() && !old.get().trigger().equals(trigger)) {
            triggers.updateRules(old.get().trigger().docId(), rules -> rules.remove(docId));
        }
        docs.write(docId, existing, rule.toDocument());
        triggers.updateRules(trigger.docId(), rules -> rules.put(docId, new WhiskTrigger.RuleEntry(action, status)));
        return rule.withStatus(status);
    }

    /**
     * READ on the trigger and the action the body names, before either is looked up and before the rule itself, as
     * OpenWhisk's Rules.create checks the referenced entities: another namespace's trigger is never the caller's, and
     * an action is entitled as {@link ActionResolver#entitled} says, so a rule tells nothing about another namespace's
     * packages, its trigger's rule table is never written, and both refused names share one 403.
     */
    private void entitle(Identity caller, JsonNode content) {
        List<String> refused = new ArrayList<>();
        JsonNode trigger = content.get("trigger");
        if (trigger != null && trigger.isTextual()) {
            String[] t = ActionResolver.qualified(caller, trigger.asText());
            if (!t[0].equals(caller.namespace())) {
                refused.add(t[0] + "/" + t[1]);
            }
        }
        JsonNode action = content.get("action");
        resolver.entitleAll(caller, action != null && action.isTextual() ? List.of(action.asText()) : List.of(), refused);
    }

    /** The body's name for {@code field}, else the stored rule's, fully qualified. */
    private static String text(JsonNode content, String field, Optional<QualifiedName> old) {
        JsonNode v = content.get(field);
        if (v != null && v.isTextual()) {
            return v.asText();
        }
        return old.map(q -> "/" + q.docId()).orElse(null);
    }

    /** Status from the trigger's rule table; {@code inactive} when the trigger is gone. */
    private String statusOf(WhiskRule rule) {
        return triggers.find(rule.trigger().docId())
                .map(t -> t.ruleTable().get(rule.docId()))
                .map(WhiskTrigger.RuleEntry::status)
                .orElse(INACTIVE);
    }

    private WhiskRule read(String namespace, String name) {
        return WhiskRule.fromDocument(docs.get(namespace + "/" + EntityName.require(name), WhiskRule.ENTITY_TYPE).body());
    }

    public WhiskRule.WithStatus get(String namespace, String name) {
        WhiskRule rule = read(namespace, name);
        return rule.withStatus(statusOf(rule));
    }

    /**
     * The {@code status} of a status request, refused in the words of OpenWhisk's {@code Status.serdesRestricted}
     * (WhiskRule.scala), rendered as a malformed-content rejection.
     */
    static String requestedStatus(String body) {
        JsonNode content = body == null || body.isBlank() ? Json.object() : Json.parse(body);
        if (!content.isObject() || !content.has("status")) {
            throw ApiException.badRequest(Messages.malformed("key not found: status"));
        }
        JsonNode status = content.get("status");
        if (!status.isTextual()) {
            throw ApiException.badRequest(Messages.malformed("the rule state must be a string, one of ['" + ACTIVE
                    + "', '" + INACTIVE + "']"));
        }
        if (!status.asText().equals(ACTIVE) && !status.asText().equals(INACTIVE)) {
            throw ApiException.badRequest(Messages.malformed("'" + status.asText() + "' is not a recognized rule state,"
                    + " must be one of ['" + ACTIVE + "', '" + INACTIVE + "']"));
        }
        return status.asText();
    }

    /** POST {status}: enable or disable (200 also when it already has that status). */
    public WhiskRule.WithStatus setStatus(String namespace, String name, String body) {
        // the body is read before the rule, as OpenWhisk's route unmarshals it first (Rules.scala extractStatusRequest)
        String status = requestedStatus(body);
        WhiskRule rule = read(namespace, name);
        boolean found = triggers.updateRules(rule.trigger().docId(),
                rules -> rules.put(rule.docId(), new WhiskTrigger.RuleEntry(rule.action(), status)));
        if (!found && status.equals(INACTIVE)) {
            // a rule without its trigger is inactive already: OpenWhisk ignores the request and answers 200
            return rule.withStatus(INACTIVE);
        }
        if (!found) {
            throw new ApiException(404, "Only rules with existing triggers can be activated");
        }
        return rule.withStatus(status);
    }

    public WhiskRule.WithStatus delete(String namespace, String name) {
        Document doc = docs.get(namespace + "/" + EntityName.require(name), WhiskRule.ENTITY_TYPE);
        WhiskRule rule = WhiskRule.fromDocument(doc.body());
        triggers.updateRules(rule.trigger().docId(), rules -> rules.remove(rule.docId()));
        docs.delete(doc);
        return rule.withStatus(INACTIVE);
    }

    public List<WhiskRule.WithStatus> list(String namespace, int skip, int limit) {
        return docs.list(namespace, WhiskRule.ENTITY_TYPE, skip, limit).stream()
                .map(d -> WhiskRule.fromDocument(d.body()))
                .map(r -> r.withStatus(statusOf(r)))
                .toList();
    }

    public long count(String namespace) {
        return docs.count(namespace, WhiskRule.ENTITY_TYPE);
    }
}
