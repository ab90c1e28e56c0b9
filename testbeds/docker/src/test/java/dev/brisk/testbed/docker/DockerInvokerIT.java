package dev.brisk.testbed.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.Container.ExecResult;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Docker container factory does inside the testbed's invokers, observed through their own engines:
 * warm reuse, pause when idle and unpause on reuse, and the memory limit (an action allocating past it ends as
 * {@code action developer error} and the invoker keeps serving).
 */
@ExtendWith(SharedDockerTestbed.class)
class DockerInvokerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The invoker's default pause grace (OpenWhisk's 10 s) and a margin for its reaper tick. */
    private static final Duration PAUSED_WITHIN = Duration.ofSeconds(25);

    @Test
    void secondInvokeReusesTheContainerAndAnIdleOneIsPausedThenResumed(DockerTestbed testbed) throws Exception {
        Api api = new Api(testbed);
        String name = "warm-" + UUID.randomUUID().toString().substring(0, 8);
        // the container's host name is its id in the invoker's engine (it may be a prewarmed stem cell)
        api.putAction(name, "function main(p) { return { host: require('os').hostname(), n: (p.n || 0) }; }", 256);

        JsonNode first = api.invoke(name, "{\"n\":1}");
        assertEquals("success", first.path("response").path("status").asText(), first.toString());
        assertTrue(hasAnnotation(first, "initTime"), "a cold start carries initTime: " + first);
        Located c = locate(testbed, first.path("response").path("result").path("host").asText());

        JsonNode second = api.invoke(name, "{\"n\":2}");
        assertEquals("success", second.path("response").path("status").asText(), second.toString());
        assertFalse(hasAnnotation(second, "initTime"), "a warm invoke has no initTime: " + second);
        assertEquals(c, locate(testbed, second.path("response").path("result").path("host").asText()),
                "the second invoke reused the container");

        ExecResult memory = testbed.dockerInInvoker(c.invoker(), "inspect", "-f", "{{.HostConfig.Memory}}", c.id());
        assertEquals(256L * 1024 * 1024, Long.parseLong(memory.getStdout().trim()), "--memory is the action's limit");

        long deadline = System.nanoTime() + PAUSED_WITHIN.toNanos();
        while (!paused(testbed, c) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertTrue(paused(testbed, c), "the idle container is paused within " + PAUSED_WITHIN + ": " + c);

        JsonNode third = api.invoke(name, "{\"n\":3}");
        assertEquals("success", third.path("response").path("status").asText(), third.toString());
        assertFalse(hasAnnotation(third, "initTime"), "the paused container was resumed, not replaced: " + third);
        assertEquals(3, third.path("response").path("result").path("n").asInt(), third.toString());
        assertEquals(c, locate(testbed, third.path("response").path("result").path("host").asText()), "the same container");
        assertFalse(paused(testbed, c), "running again after the invoke");
    }

    /** The invoker engine and full id of the container whose host name (its short id) is {@code host}. */
    private static Located locate(DockerTestbed testbed, String host) throws Exception {
        assertFalse(host.isBlank(), "the action reported no host name");
        for (int i = 0; i < testbed.invokerCount(); i++) {
            ExecResult r = testbed.dockerInInvoker(i, "inspect", "-f", "{{.Id}}", host);
            if (r.getExitCode() == 0) {
                return new Located(i, r.getStdout().trim());
            }
        }
        throw new AssertionError("no invoker's engine has container " + host);
    }

    @Test
    void allocatingPastTheMemoryLimitIsADeveloperErrorAndTheInvokerKeepsServing(DockerTestbed testbed) throws Exception {
        Api api = new Api(testbed);
        String hog = "hog-" + UUID.randomUUID().toString().substring(0, 8);
        // touches 1 MB buffers outside the V8 heap until far past the 128 MB limit: the kernel OOM-kills the container
        api.putAction(hog, """
                function main() {
                  const kept = [];
                  for (let i = 0; i < 1024; i++) { kept.push(Buffer.alloc(1024 * 1024, 1)); }
                  return { allocatedMb: kept.length };
                }""", 128);
        JsonNode oom = api.invoke(hog, "{}");
        assertEquals("action developer error", oom.path("response").path("status").asText(), oom.toString());
        assertFalse(oom.path("response").path("success").asBoolean(true), oom.toString());
        assertEquals("The action exhausted its memory and was aborted.",
                oom.path("response").path("result").path("error").asText(), "OpenWhisk's MemoryExhausted: " + oom);

        String ok = "ok-" + UUID.randomUUID().toString().substring(0, 8);
        api.putAction(ok, "function main() { return { fine: true }; }", 128);
        JsonNode after = api.invoke(ok, "{}");
        assertEquals("success", after.path("response").path("status").asText(), after.toString());
        assertTrue(after.path("response").path("result").path("fine").asBoolean(), after.toString());
    }

    /** A blackbox action: any image speaking the action protocol; here the Python runtime image with code of its own. */
    @Test
    void blackboxActionRunsItsImage(DockerTestbed testbed) throws Exception {
        Api api = new Api(testbed);
        String name = "bb-" + UUID.randomUUID().toString().substring(0, 8);
        String body = JSON.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("exec", JSON.createObjectNode()
                        .put("kind", "blackbox").put("image", "brisk/action-python:dev")
                        .put("code", "def main(args):\n    return {'greeting': 'hello ' + args.get('name', '?')}\n"))
                .toString();
        HttpResponse<String> created = api.send("PUT", "/api/v1/namespaces/_/actions/" + name + "?overwrite=true", body);
        assertEquals(200, created.statusCode(), created.body());
        JsonNode shown = JSON.readTree(created.body()).path("exec");
        assertEquals("blackbox", shown.path("kind").asText(), created.body());
        assertEquals("brisk/action-python:dev", shown.path("image").asText(), created.body());

        JsonNode activation = api.invoke(name, "{\"name\":\"box\"}");
        assertEquals("success", activation.path("response").path("status").asText(), activation.toString());
        assertEquals("hello box", activation.path("response").path("result").path("greeting").asText(), activation.toString());
        List<Located> containers = containersOf(testbed, name);
        assertEquals(1, containers.size(), "one container for the blackbox action: " + containers);
        ExecResult image = testbed.dockerInInvoker(containers.get(0).invoker(), "inspect", "-f", "{{.Config.Image}}",
                containers.get(0).id());
        assertEquals("brisk/action-python:dev", image.getStdout().trim(), "it runs the action's image");
    }

    private static boolean hasAnnotation(JsonNode activation, String key) {
        for (JsonNode a : activation.path("annotations")) {
            if (key.equals(a.path("key").asText())) {
                return true;
            }
        }
        return false;
    }

    /** A container in one invoker's engine. */
    record Located(int invoker, String id) {
    }

    /** The action's containers in every invoker's engine (their brisk.action label names the action). */
    private static List<Located> containersOf(DockerTestbed testbed, String action) throws Exception {
        List<Located> found = new ArrayList<>();
        for (int i = 0; i < testbed.invokerCount(); i++) {
            ExecResult r = testbed.dockerInInvoker(i, "ps", "-a", "--no-trunc", "--format",
                    "{{.ID}} {{.Label \"brisk.action\"}}");
            assertEquals(0, r.getExitCode(), "docker ps in invoker" + i + ": " + r.getStderr());
            for (String line : r.getStdout().split("\n")) {
                String[] parts = line.trim().split(" ", 2);
                if (parts.length == 2 && parts[1].endsWith(action)) {
                    found.add(new Located(i, parts[0]));
                }
            }
        }
        return found;
    }

    private static boolean paused(DockerTestbed testbed, Located c) throws Exception {
        ExecResult r = testbed.dockerInInvoker(c.invoker(), "inspect", "-f", "{{.State.Paused}}", c.id());
        assertEquals(0, r.getExitCode(), "docker inspect " + c + ": " + r.getStderr());
        return Boolean.parseBoolean(r.getStdout().trim());
    }

    /** The few REST calls these tests make, through nginx with the guest key. */
    private static final class Api {
        private final DockerTestbed testbed;
        private final HttpClient http;
        private final String authorization;

        Api(DockerTestbed testbed) {
            this.testbed = testbed;
            this.http = HttpClient.newBuilder().sslContext(testbed.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(testbed.auth().getBytes(StandardCharsets.UTF_8));
        }

        void putAction(String name, String code, int memoryMb) throws Exception {
            String body = JSON.createObjectNode()
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("exec", JSON.createObjectNode()
                            .put("kind", "nodejs:20").put("code", code))
                    .set("limits", JSON.createObjectNode().put("memory", memoryMb)).toString();
            HttpResponse<String> r = send("PUT", "/api/v1/namespaces/_/actions/" + name + "?overwrite=true", body);
            assertEquals(200, r.statusCode(), "create " + name + ": " + r.body());
        }

        JsonNode invoke(String name, String params) throws Exception {
            HttpResponse<String> r = send("POST", "/api/v1/namespaces/_/actions/" + name + "?blocking=true", params);
            JsonNode activation = JSON.readTree(r.body());
            assertTrue(activation.has("response"), "invoke " + name + " answered HTTP " + r.statusCode() + ": " + r.body());
            return activation;
        }

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(testbed.apiHost() + path))
                    .timeout(Duration.ofSeconds(90))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
