package dev.brisk.controller.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.json.Json;

import java.util.Iterator;
import java.util.Map;

/**
 * JSON as OpenWhisk's web actions print it (spray-json's pretty printer): objects one member a line, indented by two,
 * {@code "key": value}; arrays on one line, elements separated by {@code ", "}. Scalars are written compactly.
 */
public final class WebJson {
    private WebJson() {
    }

    public static String pretty(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        print(node, sb, 0);
        return sb.toString();
    }

    private static void print(JsonNode node, StringBuilder sb, int indent) {
        if (node == null || node.isMissingNode()) {
            sb.append("null");
        } else if (node.isObject()) {
            sb.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                sb.append(" ".repeat(indent + 2)).append(Json.write(e.getKey())).append(": ");
                print(e.getValue(), sb, indent + 2);
                if (fields.hasNext()) {
                    sb.append(",\n");
                }
            }
            sb.append('\n').append(" ".repeat(indent)).append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                print(node.get(i), sb, indent);
            }
            sb.append(']');
        } else {
            sb.append(Json.write(node));
        }
    }

    /** The text a JSON value stands for in a {@code .text} response: strings unquoted, structures pretty printed. */
    public static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isContainerNode()) {
            return pretty(node);
        }
        return node.toString();
    }
}
