package dev.brisk.controller.entity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.json.Json;

import java.util.Optional;

/**
 * The one rule by which a PUT body sets the fields every entity has (OpenWhisk's Actions, Packages, Triggers and
 * Rules {@code create} and {@code update}): {@code version} is the body's, else the stored one with its patch number
 * bumped, else 0.0.1; {@code publish} is the body's, else the stored one, else false; {@code annotations} and
 * {@code parameters} are the body's, replacing the stored ones as a whole, else the stored ones, else none. A
 * malformed {@code version}, or a {@code publish} that is not a boolean, is a 400.
 *
 * <p>Each field is read when asked for, so each store keeps the order in which it checks a body. For a create,
 * pass what an entity starts with: no version, false, {@link Parameters#EMPTY}.
 */
final class EntityUpdate {
    private final JsonNode content;

    private EntityUpdate(JsonNode content) {
        this.content = content;
    }

    /** @param content the PUT body, a JSON object */
    static EntityUpdate of(JsonNode content) {
        return new EntityUpdate(content);
    }

    /** The body's version, else {@code stored} with its patch number bumped, else 0.0.1 (a create). */
    SemVer version(Optional<SemVer> stored) {
        return given().orElseGet(() -> stored.map(SemVer::upPatch).orElse(SemVer.INITIAL));
    }

    private Optional<SemVer> given() {
        JsonNode v = content.get("version");
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SemVer.parse(v.asText()));
        } catch (RuntimeException e) {
            throw new Json.MalformedJsonException("version must be a semantic version: " + v.asText());
        }
    }

    /** The body's publish, else {@code stored} (false for a create). */
    boolean publish(boolean stored) {
        JsonNode p = content.get("publish");
        if (p == null || p.isNull()) {
            return stored;
        }
        if (!p.isBoolean()) {
            throw new Json.MalformedJsonException("Expected Boolean as JsBoolean in field 'publish'");
        }
        return p.asBoolean();
    }

    /** The body's annotations, replacing {@code stored} as a whole, else {@code stored}. */
    Parameters annotations(Parameters stored) {
        return replaced("annotations", stored);
    }

    /** The body's parameters, replacing {@code stored} as a whole, else {@code stored}. */
    Parameters parameters(Parameters stored) {
        return replaced("parameters", stored);
    }

    private Parameters replaced(String field, Parameters stored) {
        return content.has(field) ? Parameters.fromJson(content.get(field)) : stored;
    }
}
