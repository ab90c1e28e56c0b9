package dev.brisk.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.error.ApiException;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an action runs (Exec.scala): a runtime kind and its code, or a sequence of other actions ({@code components},
 * fully qualified names; the components' existence is checked by the controller), or a blackbox action: a Docker
 * {@code image} that speaks the action-container protocol, with optional code given to its {@code /init}.
 */
public record Exec(String kind, String code, boolean binary, String main, List<String> components, String image) {
    public static final String SEQUENCE = "sequence";
    public static final String BLACKBOX = "blackbox";

    public Exec(String kind, String code, boolean binary, String main, List<String> components) {
        this(kind, code, binary, main, components, null);
    }

    public Exec(String kind, String code, boolean binary, String main) {
        this(kind, code, binary, main, null);
    }

    public boolean isSequence() {
        return SEQUENCE.equals(kind);
    }

    public boolean isBlackbox() {
        return BLACKBOX.equals(kind);
    }

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/\\r\\n]+={0,2}");

    /** Reads the {@code exec} of a PUT body; 400 with OpenWhisk's malformed-content texts on bad input. */
    public static Exec fromJson(JsonNode node, RuntimeManifest manifest) {
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(Messages.malformed("'exec' must be an object"));
        }
        JsonNode kindNode = node.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            throw ApiException.badRequest(Messages.malformed("'kind' must be a string defined in 'exec'"));
        }
        if (SEQUENCE.equals(kindNode.asText().trim().toLowerCase())) {
            return sequence(node.get("components"));
        }
        if (BLACKBOX.equals(kindNode.asText().trim().toLowerCase())) {
            return blackbox(node);
        }
        RuntimeKind kind = manifest.resolve(kindNode.asText())
                .orElseThrow(() -> ApiException.badRequest(Messages.malformed(
                        Messages.unsupportedRuntime(kindNode.asText().trim().toLowerCase(), manifest.validValues()))));
        JsonNode codeNode = node.get("code");
        if (codeNode == null || !codeNode.isTextual()) {
            throw ApiException.badRequest(Messages.malformed(
                    "'code' must be a string defined in 'exec' for '" + kind.kind() + "' actions"));
        }
        JsonNode mainNode = node.get("main");
        if (mainNode != null && !mainNode.isNull() && !mainNode.isTextual()) {
            throw ApiException.badRequest(Messages.malformed("'main' must be a string defined in 'exec'"));
        }
        String main = mainNode == null || mainNode.isNull() ? null : mainNode.asText();
        if (kind.requireMain() && (main == null || main.isBlank())) {
            throw ApiException.badRequest(Messages.malformed("'main' must be defined for '" + kind.kind() + "' actions"));
        }
        String code = codeNode.asText();
        JsonNode binaryNode = node.get("binary");
        boolean binary = binaryNode != null && binaryNode.isBoolean() ? binaryNode.asBoolean() || isBinaryCode(code) : isBinaryCode(code);
        return new Exec(kind.kind(), code, binary, main);
    }

    /** {@code {"kind":"blackbox","image":"repo/img"[,"code","main","binary"]}}, as OpenWhisk's BlackBoxExec. */
    private static Exec blackbox(JsonNode node) {
        JsonNode imageNode = node.get("image");
        if (imageNode == null || !imageNode.isTextual() || imageNode.asText().isBlank()) {
            throw ApiException.badRequest(Messages.malformed("'image' must be a string defined in 'exec' for 'blackbox' actions"));
        }
        JsonNode codeNode = node.get("code");
        if (codeNode != null && !codeNode.isNull() && !codeNode.isTextual()) {
            throw ApiException.badRequest(Messages.malformed("'code' must be a string defined in 'exec'"));
        }
        JsonNode mainNode = node.get("main");
        if (mainNode != null && !mainNode.isNull() && !mainNode.isTextual()) {
            throw ApiException.badRequest(Messages.malformed("'main' must be a string defined in 'exec'"));
        }
        String code = codeNode == null || codeNode.isNull() || codeNode.asText().isEmpty() ? null : codeNode.asText();
        String main = mainNode == null || mainNode.isNull() ? null : mainNode.asText();
        JsonNode binaryNode = node.get("binary");
        boolean binary = code != null && (binaryNode != null && binaryNode.isBoolean() && binaryNode.asBoolean() || isBinaryCode(code));
        return new Exec(BLACKBOX, code, binary, main, null, imageNode.asText().trim());
    }

    private static Exec sequence(JsonNode components) {
        if (components != null && !components.isNull() && !components.isArray()) {
            throw ApiException.badRequest(Messages.malformed("'components' must be an array of action names"));
        }
        List<String> names = new ArrayList<>();
        if (components != null && components.isArray()) {
            for (JsonNode c : components) {
                if (!c.isTextual()) {
                    throw ApiException.badRequest(Messages.malformed("'components' must be an array of action names"));
                }
                names.add(c.asText());
            }
        }
        return new Exec(SEQUENCE, null, false, null, names);
    }

    /** OpenWhisk treats base64-looking code as an archive (Exec.scala isBinaryCode). */
    static boolean isBinaryCode(String code) {
        String t = code.trim();
        if (t.isEmpty() || t.length() % 4 != 0 || !BASE64.matcher(t).matches()) {
            return false;
        }
        try {
            Base64.getMimeDecoder().decode(t);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static Exec fromStored(JsonNode node) {
        if (SEQUENCE.equals(node.path("kind").asText())) {
            List<String> names = new ArrayList<>();
            node.path("components").forEach(c -> names.add(c.asText()));
            return new Exec(SEQUENCE, null, false, null, names);
        }
        return new Exec(node.path("kind").asText(), node.path("code").asText(null), node.path("binary").asBoolean(false),
                node.hasNonNull("main") ? node.get("main").asText() : null, null,
                node.hasNonNull("image") ? node.get("image").asText() : null);
    }

    public ObjectNode toJson(boolean withCode) {
        ObjectNode o = Json.object();
        o.put("kind", kind);
        if (isSequence()) {
            ArrayNode c = o.putArray("components");
            components.forEach(c::add);
            return o;
        }
        if (image != null) {
            o.put("image", image);
        }
        if (withCode && code != null) {
            o.put("code", code);
        }
        o.put("binary", binary);
        if (main != null) {
            o.put("main", main);
        }
        return o;
    }

    /** The family, e.g. {@code nodejs} of {@code nodejs:20}. */
    public String family() {
        int colon = kind.indexOf(':');
        return colon < 0 ? kind : kind.substring(0, colon);
    }
}
