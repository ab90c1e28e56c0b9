package dev.brisk.testbed.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * INV-018 as Brisk now behaves, like OpenWhisk (the invoker's ResultMessage before its CompletionMessage): a blocking
 * invoke is answered as soon as the action answered, before its logs are collected, so the record in the answer has
 * {@code logs: []} and the stored record, polled, has the action's lines. The same holds for {@code result=true}
 * (the result alone), a sequence (its answer lists its components, whose stored records have their lines) and a
 * non-blocking invoke.
 */
class BlockingInvokeLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CODE = "function main(p) { console.log('hello ' + p.name);"
            + " console.error('bye ' + p.name); return { name: p.name + '!' }; }";
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theAnswerComesWithoutLogsAndTheStoredRecordHasThem() throws Exception {
        Path work = Files.createTempDirectory("brisk-standalone-blocking-logs");
        Path reports = Path.of(System.getProperty("brisk.reports"));
        try (StandaloneTestbed testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")),
                work.resolve("data"), reports.resolve("blocking-logs.log")).start()) {
            assertEquals(200, call(testbed, "PUT", "/actions/talker", "{\"exec\":{\"kind\":\"nodejs:default\","
                    + "\"code\":" + JSON.writeValueAsString(CODE) + "}}").statusCode());

            // blocking: the result now, the logs in the stored record
            JsonNode answer = ok(call(testbed, "POST", "/actions/talker?blocking=true", "{\"name\":\"Ada\"}"));
            assertEquals("Ada!", answer.path("response").path("result").path("name").asText(), answer.toString());
            assertTrue(answer.path("logs").isArray() && answer.path("logs").isEmpty(),
                    "the answer comes before the logs: " + answer);
            String id = answer.path("activationId").asText();
            JsonNode stored = NamespaceRequests.awaitRecord(http, testbed, id, WITHIN);
            assertEquals(List.of("stderr: bye Ada", "stdout: hello Ada"), lines(stored), stored.toString());
            assertEquals(answer.path("response"), stored.path("response"), "the stored result is the answer's");
            JsonNode logs = ok(call(testbed, "GET", "/activations/" + id + "/logs", ""));
            assertEquals(stored.path("logs"), logs.path("logs"));

            // result=true: the result alone, as before
            JsonNode result = ok(call(testbed, "POST", "/actions/talker?blocking=true&result=true",
                    "{\"name\":\"Bo\"}"));
            assertEquals(JSON.readTree("{\"name\":\"Bo!\"}"), result);

            // a sequence: each component gets the result of the one before; its answer lists them
            assertEquals(200, call(testbed, "PUT", "/actions/twice", "{\"exec\":{\"kind\":\"sequence\","
                    + "\"components\":[\"/guest/talker\",\"/guest/talker\"]}}").statusCode());
            JsonNode sequence = ok(call(testbed, "POST", "/actions/twice?blocking=true", "{\"name\":\"Cy\"}"));
            assertEquals("Cy!!", sequence.path("response").path("result").path("name").asText(), sequence.toString());
            assertEquals(2, sequence.path("logs").size(), "the sequence's logs are its components: " + sequence);
            List<List<String>> componentLines = new ArrayList<>();
            for (JsonNode component : sequence.path("logs")) {
                componentLines.add(lines(NamespaceRequests.awaitRecord(http, testbed, component.asText(), WITHIN)));
            }
            assertEquals(List.of(List.of("stderr: bye Cy", "stdout: hello Cy"),
                    List.of("stderr: bye Cy!", "stdout: hello Cy!")), componentLines);
            JsonNode storedSequence = NamespaceRequests.awaitRecord(http, testbed,
                    sequence.path("activationId").asText(), WITHIN);
            assertEquals(sequence.path("logs"), storedSequence.path("logs"));

            // non-blocking: the id at once, the record with its logs later
            HttpResponse<String> accepted = call(testbed, "POST", "/actions/talker", "{\"name\":\"Dee\"}");
            assertEquals(202, accepted.statusCode(), accepted.body());
            JsonNode later = NamespaceRequests.awaitRecord(http, testbed,
                    JSON.readTree(accepted.body()).path("activationId").asText(), WITHIN);
            assertEquals(List.of("stderr: bye Dee", "stdout: hello Dee"), lines(later), later.toString());
        }
    }

    /** The record's log lines without their timestamps, sorted (stdout and stderr are read apart). */
    private static List<String> lines(JsonNode record) {
        List<String> lines = new ArrayList<>();
        record.path("logs").forEach(l -> lines.add(l.asText().replaceFirst("^\\S+\\s+", "")));
        lines.sort(null);
        return lines;
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> call(StandaloneTestbed testbed, String method, String path, String body)
            throws Exception {
        return http.send(NamespaceRequests.request(testbed, method, path, body), HttpResponse.BodyHandlers.ofString());
    }
}
