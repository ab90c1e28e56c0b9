package dev.brisk.controller.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds the operation of a namespace's APIs for a request path: the template (base path + relative path) with the
 * most literal segments among those matching, so {@code /books/new} wins over {@code /books/{id}}.
 */
final class RouteTable {
    private RouteTable() {
    }

    /** A matched path: the operations it has by verb (lower case), {@code x-openwhisk} of each. */
    record Match(Map<String, JsonNode> operations) {
        Optional<JsonNode> operation(String method) {
            return Optional.ofNullable(operations.get(method.toLowerCase(java.util.Locale.ROOT)));
        }

        /** The verbs it answers, upper case, for Allow and Access-Control-Allow-Methods. */
        List<String> verbs() {
            TreeSet<String> v = new TreeSet<>();
            operations.keySet().forEach(k -> v.add(k.toUpperCase(java.util.Locale.ROOT)));
            v.add("OPTIONS");
            return List.copyOf(v);
        }
    }

    static Optional<Match> match(Map<String, ObjectNode> apis, List<String> path) {
        Match best = null;
        int bestLiterals = -1;
        for (ObjectNode api : apis.values()) {
            RouteTemplate base;
            try {
                base = RouteTemplate.basePath(api.path("basePath").asText(""));
            } catch (RuntimeException e) {
                continue; // stored documents were validated; skip anything that is not
            }
            for (Map.Entry<String, JsonNode> p : api.path("paths").properties()) {
                RouteTemplate template;
                try {
                    template = base.then(RouteTemplate.relativePath(p.getKey()));
                } catch (RuntimeException e) {
                    continue;
                }
                if (template.matches(path) && template.literals() > bestLiterals) {
                    Map<String, JsonNode> ops = new java.util.LinkedHashMap<>();
                    p.getValue().properties().forEach(op -> {
                        if (ApiDocs.VERBS.contains(op.getKey()) && op.getValue().path("x-openwhisk").isObject()) {
                            ops.put(op.getKey(), op.getValue().get("x-openwhisk"));
                        }
                    });
                    best = new Match(ops);
                    bestLiterals = template.literals();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The decoded segments of a raw request path ("" is none); empty when a segment is "." or "..". */
    static Optional<List<String>> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (p.isEmpty()) {
            return Optional.of(out);
        }
        for (String s : p.split("/", -1)) {
            String d;
            try {
                d = java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (d.equals(".") || d.equals("..")) {
                return Optional.empty();
            }
            out.add(d);
        }
        return Optional.of(out);
    }
}
