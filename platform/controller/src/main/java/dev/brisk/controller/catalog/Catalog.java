package dev.brisk.controller.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The packages and actions Brisk installs in {@code whisk.system}: what OpenWhisk's catalog (apache/openwhisk-catalog)
 * offers, written here. The resources beside this class: {@code catalog.json} (the catalog's version, its namespace
 * and its packages' names), and per package {@code <package>/package.json} (its annotations and its actions' kinds
 * and annotations) and {@code <package>/<action>.js} (each action's code).
 */
public record Catalog(String version, String namespace, List<Package> packages) {

    /** A public package and its actions. */
    public record Package(String name, JsonNode annotations, List<Action> actions) {
        /** The PUT body of the package. */
        public ObjectNode body() {
            ObjectNode body = Json.object();
            body.put("publish", true);
            body.set("parameters", Json.array());
            body.set("annotations", annotations.deepCopy());
            return body;
        }
    }

    /** An action of a catalog package. */
    public record Action(String name, String kind, String code, JsonNode annotations) {
        /** The PUT body of the action. */
        public ObjectNode body() {
            ObjectNode body = Json.object();
            body.putObject("exec").put("kind", kind).put("code", code);
            body.set("parameters", Json.array());
            body.set("annotations", annotations.deepCopy());
            return body;
        }
    }

    /** Brisk's catalog, from its resources. */
    public static Catalog load() {
        JsonNode index = Json.parse(read("catalog.json"));
        List<Package> packages = new ArrayList<>();
        for (JsonNode name : index.path("packages")) {
            packages.add(loadPackage(name.asText()));
        }
        return new Catalog(index.path("version").asText(), index.path("namespace").asText(), List.copyOf(packages));
    }

    private static Package loadPackage(String name) {
        JsonNode metadata = Json.parse(read(name + "/package.json"));
        List<Action> actions = new ArrayList<>();
        for (JsonNode a : metadata.path("actions")) {
            String action = a.path("name").asText();
            actions.add(new Action(action, a.path("kind").asText(), read(name + "/" + action + ".js"),
                    annotations(a)));
        }
        return new Package(name, annotations(metadata), List.copyOf(actions));
    }

    private static ArrayNode annotations(JsonNode entity) {
        JsonNode annotations = entity.path("annotations");
        return annotations.isArray() ? (ArrayNode) annotations : Json.array();
    }

    private static String read(String resource) {
        try (InputStream in = Catalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("catalog resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
