package dev.brisk.testbed.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Actions and activation records written before a restart are all there after it (the embedded store persists). */
class StandaloneRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void entitiesAndActivationsSurviveARestart() throws Exception {
        Path work = Files.createTempDirectory("brisk-standalone-restart");
        Path jar = Path.of(System.getProperty("brisk.standalone.jar"));
        Path log = Path.of(System.getProperty("brisk.reports")).resolve("restart.log");
        String nodeId;
        String pythonId;
        StandaloneTestbed first = new StandaloneTestbed(jar, work.resolve("data"), log).start();
        try {
            assertEquals(200, call(first, "PUT", "/actions/restart-node", """
                    {"exec":{"kind":"nodejs:default","code":"function main(p){return {greeting:'hi '+p.name}}"}}
                    """).statusCode());
            assertEquals(200, call(first, "PUT", "/actions/restart-python", """
                    {"exec":{"kind":"python:default","code":"def main(args):\\n    return {'sum': args['a'] + args['b']}\\n"}}
                    """).statusCode());
            HttpResponse<String> node = call(first, "POST", "/actions/restart-node?blocking=true", "{\"name\":\"brisk\"}");
            assertEquals(200, node.statusCode(), node.body());
            nodeId = JSON.readTree(node.body()).path("activationId").asText();
            HttpResponse<String> python = call(first, "POST", "/actions/restart-python?blocking=true", "{\"a\":2,\"b\":3}");
            assertEquals(200, python.statusCode(), python.body());
            pythonId = JSON.readTree(python.body()).path("activationId").asText();
        } finally {
            first.stop();
        }

        // the same data directory on a new port: a restart
        try (StandaloneTestbed second = new StandaloneTestbed(jar, work.resolve("data"), log).start()) {
            JsonNode action = JSON.readTree(call(second, "GET", "/actions/restart-node", null).body());
            assertEquals("restart-node", action.path("name").asText());
            assertTrue(action.path("exec").path("code").asText().contains("greeting"));
            JsonNode nodeRecord = JSON.readTree(call(second, "GET", "/activations/" + nodeId, null).body());
            assertEquals("hi brisk", nodeRecord.path("response").path("result").path("greeting").asText());
            JsonNode pythonRecord = JSON.readTree(call(second, "GET", "/activations/" + pythonId, null).body());
            assertEquals(5, pythonRecord.path("response").path("result").path("sum").asInt());
            JsonNode list = JSON.readTree(call(second, "GET", "/activations?name=restart-node", null).body());
            assertEquals(nodeId, list.path(0).path("activationId").asText());
            // and the platform still runs the stored action
            HttpResponse<String> again = call(second, "POST", "/actions/restart-python?blocking=true&result=true",
                    "{\"a\":40,\"b\":2}");
            assertEquals(42, JSON.readTree(again.body()).path("sum").asInt(), again.body());
        }
    }

    private HttpResponse<String> call(StandaloneTestbed testbed, String method, String path, String body)
            throws Exception {
        String auth = Base64.getEncoder().encodeToString(testbed.auth().getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(testbed.apiHost() + "/api/v1/namespaces/_" + path))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
