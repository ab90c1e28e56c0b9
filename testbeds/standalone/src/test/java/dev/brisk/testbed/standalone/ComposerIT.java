package dev.brisk.testbed.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A composition made with the unmodified npm {@code openwhisk-composer} (its {@code compose} and {@code deploy}
 * commands, installed from the npm registry) runs on the standalone platform: its conductor action's code requires
 * the {@code openwhisk} package, which OpenWhisk's Node.js runtime pre-installs, and the composition's activation
 * record is a conductor's (spec/conductor.md, CND-002).
 */
class ComposerIT {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readmeDemoComposesDeploysAndRuns() throws Exception {
        Path js = Path.of("src/test/js/composer").toAbsolutePath();
        Path work = Files.createDirectories(Path.of("target/composer").toAbsolutePath());
        for (String file : List.of("package.json", "demo.js")) {
            Files.copy(js.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(work.resolve("node_modules/openwhisk-composer"))) {
            run(work, work.resolve("npm-install.log"), Map.of(),
                    "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
        }
        Path composer = work.resolve("node_modules/openwhisk-composer/bin");
        run(work, work.resolve("demo.json"), Map.of(), "node", composer.resolve("compose.js").toString(), "demo.js");
        Path reports = Path.of(System.getProperty("brisk.reports"));
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                Files.createTempDirectory("brisk-composer").resolve("data"), reports.resolve("composer.log")).start()) {
            // no ~/.wskprops of this machine: only the flags say where and who
            String deployed = run(work, reports.resolve("composer-deploy.log"),
                    Map.of("WSK_CONFIG_FILE", work.resolve("absent.wskprops").toString()),
                    "node", composer.resolve("deploy.js").toString(), "demo", "demo.json", "-w",
                    "--apihost", testbed.apiHost(), "-u", testbed.auth());
            assertTrue(deployed.contains("ok: created actions /_/authenticate,/_/success,/_/failure,/_/demo"), deployed);

            JsonNode action = get(testbed, "/api/v1/namespaces/_/actions/demo").body;
            assertTrue(annotation(action, "conductor").isObject(), "composer annotates its AST: " + action);
            assertTrue(annotation(action, "provide-api-key").asBoolean(), action.toString());

            expectRun(testbed, "abc123", "success");
            expectRun(testbed, "x", "failure");
        }
    }

    /** Invokes demo with the password; checks its result and its record as OpenWhisk's conductor records it. */
    void expectRun(StandaloneTestbed testbed, String password, String outcome) throws Exception {
        Response invoked = send(testbed, HttpRequest.newBuilder(URI.create(testbed.apiHost()
                        + "/api/v1/namespaces/_/actions/demo?blocking=true"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("password", password)))));
        JsonNode record = invoked.body;
        assertEquals(200, invoked.status, record.toString());
        assertEquals("demo", record.path("name").asText(), record.toString());
        assertEquals("success", record.path("response").path("status").asText(), record.toString());
        assertEquals(JSON.readTree("{\"message\": \"" + outcome + "\"}"), record.path("response").path("result"),
                record.toString());
        assertEquals(true, annotation(record, "conductor").asBoolean(), record.toString());
        assertEquals("sequence", annotation(record, "kind").asText(), record.toString());
        assertEquals(true, annotation(record, "topmost").asBoolean(), record.toString());
        // the conductor's own runs and the components', in order: demo decides, authenticate, demo, the outcome, demo
        List<String> names = new ArrayList<>();
        for (JsonNode id : record.path("logs")) {
            JsonNode component = awaitActivation(testbed, id.asText());
            names.add(component.path("name").asText());
            assertEquals(record.path("activationId").asText(), component.path("cause").asText(), component.toString());
            assertEquals("success", component.path("response").path("status").asText(), component.toString());
        }
        assertEquals(List.of("demo", "authenticate", "demo", outcome, "demo"), names, record.toString());
    }

    static JsonNode annotation(JsonNode entity, String key) {
        for (JsonNode a : entity.path("annotations")) {
            if (a.path("key").asText().equals(key)) {
                return a.path("value");
            }
        }
        return JSON.missingNode();
    }

    JsonNode awaitActivation(StandaloneTestbed testbed, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response r;
        do {
            r = get(testbed, "/api/v1/namespaces/_/activations/" + id);
            if (r.status == 200) {
                return r.body;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("activation " + id + " not readable: " + r.status + " " + r.body);
    }

    record Response(int status, JsonNode body) {
    }

    Response get(StandaloneTestbed testbed, String path) throws Exception {
        return send(testbed, HttpRequest.newBuilder(URI.create(testbed.apiHost() + path)).GET());
    }

    Response send(StandaloneTestbed testbed, HttpRequest.Builder request) throws Exception {
        String basic = Base64.getEncoder().encodeToString(testbed.auth().getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(request.header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), JSON.readTree(r.body()));
    }

    /**
     * Runs a command in {@code dir}, its standard output to {@code output} (not inherited: a child writing on the
     * test JVM's stdout corrupts failsafe's channel), and returns that output; fails unless it exits 0.
     */
    static String run(Path dir, Path output, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Path errors = output.resolveSibling(output.getFileName() + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(output.toFile()).redirectError(errors.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        String out = Files.readString(output);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out + Files.readString(errors));
        return out;
    }
}
