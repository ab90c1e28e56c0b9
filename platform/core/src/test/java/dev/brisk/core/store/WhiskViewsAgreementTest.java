package dev.brisk.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.ActionLimits;
import dev.brisk.core.entity.Exec;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every view is written twice: a JavaScript map function that CouchDB runs and a Java key function that the
 * embedded store runs. This test runs both over the same documents, the JavaScript with {@code node} as CouchDB's
 * query server would run it, and requires them to emit the same keys, so the two stores index alike.
 * <p>
 * Each document goes through every view of the database it is stored in. Key fields ({@code updated},
 * {@code start}, a namespace's {@code name} and {@code uuid}) are present in every document here as in every document
 * Brisk writes: where one is absent CouchDB emits {@code null}, which an embedded-store key cannot hold
 * ({@link ViewKeys}).
 */
class WhiskViewsAgreementTest {

    /** A database's views and the documents, by description, that go through them. */
    private record Database(List<ViewDefinition> views, Map<String, ObjectNode> docs) {
    }

    /** Runs each database's map functions over its documents, each in a fresh context with CouchDB's {@code emit}. */
    private static final String RUNNER = """
            const vm = require('vm');
            const databases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
            const out = databases.map(db => {
              const keys = {};
              for (const [name, source] of Object.entries(db.views)) {
                let emitted;
                const map = vm.runInNewContext('(' + source + ')', { emit: (key, value) => emitted.push(key) });
                keys[name] = db.docs.map(doc => {
                  emitted = [];
                  try {
                    map(doc);
                  } catch (e) {
                    return []; // CouchDB indexes a document its map function throws on as if it emitted nothing
                  }
                  return emitted;
                });
              }
              return keys;
            });
            process.stdout.write(JSON.stringify(out));
            """;

    @Test
    void couchMapFunctionsEmitTheKeysTheJavaFunctionsReturn() throws Exception {
        List<Database> databases = databases();
        JsonNode couch = runCouchMaps(databases);
        List<String> differences = new ArrayList<>();
        for (int d = 0; d < databases.size(); d++) {
            for (ViewDefinition view : databases.get(d).views()) {
                int i = 0;
                for (Map.Entry<String, ObjectNode> doc : databases.get(d).docs().entrySet()) {
                    ObjectNode stored = (ObjectNode) Json.parse(Json.write(doc.getValue())); // as the embedded store reads it
                    String java = Json.write(view.keys().apply(stored));
                    String js = Json.write(couch.path(d).path(view.name()).path(i++));
                    if (!java.equals(js)) {
                        differences.add(view.name() + " over " + doc.getKey() + ": CouchDB map " + js + ", Java " + java);
                    }
                }
            }
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void everyDatabaseOfWhiskViewsIsHereAndEachViewIndexesSomeDocumentsButNotAll() {
        List<Database> databases = databases();
        for (Field f : WhiskViews.class.getFields()) {
            if (f.getType() == List.class) {
                assertTrue(databases.stream().anyMatch(db -> db.views() == readList(f)), f.getName() + " is not tested");
            }
        }
        for (Database db : databases) {
            for (ViewDefinition view : db.views()) {
                long indexed = db.docs().values().stream().filter(doc -> !view.keys().apply(doc).isEmpty()).count();
                assertTrue(indexed >= 1 && indexed < db.docs().size(), view.name() + " indexes " + indexed + " documents");
            }
        }
    }

    private static Object readList(Field f) {
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Database> databases() {
        Map<String, ObjectNode> whisks = new LinkedHashMap<>();
        whisks.put("action in a package (as written)", new WhiskAction("guest/utils", "hello", new SemVer(0, 0, 3), false,
                Parameters.fromJson(Json.parse("[{\"key\":\"exec\",\"value\":\"nodejs:20\"}]")), Parameters.EMPTY,
                new Exec("nodejs:20", "function main() { return {}; }", false, null),
                new ActionLimits(1000, 256, 10, 1), 1_700_000_000_123L).toDocument());
        put(whisks, "package at the root", """
                {"namespace":"guest","name":"utils","entityType":"package","updated":5,"binding":{}}""");
        put(whisks, "trigger in a nested namespace", """
                {"namespace":"a/b","name":"t","entityType":"trigger","updated":7}""");
        put(whisks, "rule in a deeper namespace", """
                {"namespace":"a/b/c","name":"r","entityType":"rule","updated":8}""");
        put(whisks, "entity without entityType", """
                {"namespace":"guest","name":"x","updated":1}""");
        put(whisks, "entity with a null entityType", """
                {"namespace":"guest","name":"x","entityType":null,"updated":1}""");
        put(whisks, "active alarm", """
                {"alarmTrigger":"/guest/t","kind":"ALARM","active":true,"nextTick":1796400000000}""");
        put(whisks, "inactive alarm", """
                {"alarmTrigger":"/guest/u","kind":"ONCE","active":false,"nextTick":1796400000000}""");
        put(whisks, "alarm with no more ticks", """
                {"alarmTrigger":"/guest/v","kind":"ONCE","active":true}""");
        put(whisks, "alarm whose next tick is text", """
                {"alarmTrigger":"/guest/w","kind":"ALARM","active":true,"nextTick":"soon"}""");
        put(whisks, "entity without namespace", """
                {"name":"x","entityType":"action","updated":1}""");

        Map<String, ObjectNode> activations = new LinkedHashMap<>();
        activations.put("activation with a path annotation (as written)", new WhiskActivation("guest", "hello", "guest",
                "0123456789abcdef0123456789abcdef", 1_000L, 1_250L, null,
                ActivationResponse.success(Json.parse("{\"payload\":\"hi\"}")), List.of("log line"), SemVer.INITIAL,
                false, Parameters.fromJson(Json.parse(
                        "[{\"key\":\"path\",\"value\":\"guest/utils/hello\"},{\"key\":\"kind\",\"value\":\"nodejs:20\"}]")))
                .toDocument());
        put(activations, "activation without a path annotation", """
                {"activationId":"a2","namespace":"guest","name":"hello","start":20,
                 "annotations":[{"key":"kind","value":"nodejs:20"}]}""");
        put(activations, "activation without annotations", """
                {"activationId":"a3","namespace":"guest","name":"t","start":30}""");
        put(activations, "activation of another namespace's action", """
                {"activationId":"a4","namespace":"guest","name":"echo","start":40,
                 "annotations":[{"key":"path","value":"whisk.system/utils/echo"},{"key":"kind","value":"sequence"}]}""");
        put(activations, "activation in a nested namespace", """
                {"activationId":"a5","namespace":"a/b","name":"hello","start":50,
                 "annotations":[{"key":"path","value":"a/b/pkg/hello"}]}""");
        put(activations, "activation in a nested namespace without a path annotation", """
                {"activationId":"a6","namespace":"a/b","name":"hello","start":60}""");
        put(activations, "document without activationId", """
                {"namespace":"guest","name":"hello","start":70}""");

        Map<String, ObjectNode> subjects = new LinkedHashMap<>();
        put(subjects, "subject (as seeded)", """
                {"subject":"guest","namespaces":[{"name":"guest","uuid":"u-guest","key":"k"}]}""");
        put(subjects, "subject with two namespaces", """
                {"subject":"alice","namespaces":[{"name":"alice","uuid":"u-1","key":"k1"},
                 {"name":"team","uuid":"u-2","key":"k2"}]}""");
        put(subjects, "blocked subject", """
                {"subject":"bob","blocked":true,"namespaces":[{"name":"bob","uuid":"u-3","key":"k3"}]}""");
        put(subjects, "unblocked subject", """
                {"subject":"carol","blocked":false,"namespaces":[{"name":"carol","uuid":"u-4","key":"k4"}]}""");
        put(subjects, "subject in a nested namespace", """
                {"subject":"dave","namespaces":[{"name":"a/b","uuid":"u-5","key":"k5"}]}""");
        put(subjects, "subject without namespaces", """
                {"subject":"erin"}""");
        put(subjects, "subject with no namespace", """
                {"subject":"frank","namespaces":[]}""");
        put(subjects, "namespaces that are not a list", """
                {"subject":"grace","namespaces":{"name":"grace","uuid":"u-6"}}""");
        put(subjects, "namespaces without subject", """
                {"namespaces":[{"name":"heidi","uuid":"u-7","key":"k7"}]}""");
        put(subjects, "namespace limits", """
                {"invocationsPerMinute":600,"concurrentInvocations":100}""");

        Map<String, ObjectNode> contract = new LinkedHashMap<>();
        put(contract, "grouped", """
                {"group":"a","n":3}""");
        put(contract, "raw key", """
                {"k":["a",2,"b"]}""");
        put(contract, "neither", """
                {"n":1}""");

        return List.of(new Database(WhiskViews.WHISKS, whisks), new Database(WhiskViews.ACTIVATION_VIEWS, activations),
                new Database(WhiskViews.SUBJECTS, subjects), new Database(DocumentStoreContract.VIEWS, contract));
    }

    private static void put(Map<String, ObjectNode> docs, String name, String json) {
        docs.put(name, (ObjectNode) Json.parse(json));
    }

    /** For each database, the keys each map function emits for each document, in order; skipped without node. */
    private static JsonNode runCouchMaps(List<Database> databases) throws IOException, InterruptedException {
        var input = Json.array();
        for (Database db : databases) {
            ObjectNode entry = input.addObject();
            ObjectNode views = entry.putObject("views");
            db.views().forEach(v -> views.put(v.name(), v.couchMap()));
            db.docs().values().forEach(entry.putArray("docs")::add);
        }
        Process node;
        try {
            node = new ProcessBuilder("node", "-e", RUNNER).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            assumeTrue(false, "node is not on the PATH, so the CouchDB map functions cannot be run: " + e.getMessage());
            throw e;
        }
        try (var in = node.getOutputStream()) {
            in.write(Json.write(input).getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node did not finish");
        assertEquals(0, node.exitValue(), "node failed: " + out);
        return Json.parse(out);
    }
}
