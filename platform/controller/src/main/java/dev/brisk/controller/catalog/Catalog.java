package dev.brisk.controller.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The packages and actions Brisk installs in {@code whisk.system} (catalog.json beside this class, each action's code
 * in {@code <package>/<action>.js}): what OpenWhisk's catalog (apache/openwhisk-catalog) offers, written here.
 */
public record Catalog(String version, String namespace, List<Package> packages) {

    /** A public package and its actions. */
    public record Package(String name, JsonNode annotations, List<Action> actions) {
        /** The PUT body of the package. */
        public ObjectNode body() {
            ObjectNode body = Json.object();
            body.put("publish", true);
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
            body.set("annotations", annotations.deepCopy());
            return body;
        }
    }

    /** Brisk's catalog, from its resources. */
    public static Catalog load() {
        JsonNode index = Json.parse(read("catalog.json"));
        List<Package> packages = new ArrayList<>();
        for (JsonNode p : index.path("packages")) {
            List<Action> actions = new ArrayList<>();
            for (JsonNode a : p.path("actions")) {
                actions.add(new Action(a.path("name").asText(), a.path("kind").asText(),
                        read(a.path("file").asText()), a.path("annotations")));
            }
            packages.add(new Package(p.path("name").asText(), p.path("annotations"), List.copyOf(actions)));
        }
        return new Catalog(index.path("version").asText(), index.path("namespace").asText(), List.copyOf(packages));
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

    /**
     * A digest of what an entity holds that the catalog decides: its code (actions) and the annotations the catalog
     * gives it, by key. The installer records it when it writes, and an entity whose digest no longer matches was
     * changed by someone else.
     */
    static String digest(String code, JsonNode annotations, List<String> keys) {
        ArrayNode kept = Json.MAPPER.createArrayNode();
        for (String key : keys) {
            for (JsonNode kv : annotations) {
                if (key.equals(kv.path("key").asText())) {
                    kept.add(kv);
                }
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((code == null ? "" : code).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Json.bytes(kept));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The annotation keys an entity of the catalog gets from it. */
    static List<String> keys(JsonNode annotations) {
        List<String> keys = new ArrayList<>();
        annotations.forEach(kv -> keys.add(kv.path("key").asText()));
        return keys;
    }
}
