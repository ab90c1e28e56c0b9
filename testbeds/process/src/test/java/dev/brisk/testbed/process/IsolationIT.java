package dev.brisk.testbed.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.testing.OutsideHost;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nobody in, on the production path (nginx TLS, controller, CouchDB, Kafka, two invokers, bubblewrap containers):
 * namespace B cannot touch namespace A's entities or activations; an action cannot read the host's or other
 * containers' files, reach the control plane or another container's socket, or see another namespace's key; with
 * network enabled it reaches an outside server and invokes another action through the public API with its own key.
 */
class IsolationIT {
    private static final String PUT_PROBE = "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":%s},"
            + "\"annotations\":[{\"key\":\"provide-api-key\",\"value\":true}]}";

    @Test
    void namespacesAndSandboxesKeepEveryoneOut() throws Exception {
        Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("isolation");
        try (ProcessTestbed testbed = ProcessTestbed.builder().workDir(work).build().start()) {
            Api a = new Api(testbed);
            String bKey = createNamespace(testbed, "iso-b");
            Api b = new Api(testbed, bKey, null);
            setUpNamespaceA(a);
            put(b, "iso-b-own", SandboxProbes.TARGET);

            // 1. namespace B against A's entities and activations
            String activation = Api.activationId(a.call("POST", "/actions/iso-probe?blocking=true", "{}"));
            assertFalse(activation.isEmpty(), "A's own invoke gave no activation id");
            String before = a.call("GET", "/actions/iso-probe", null).body();
            String triggerBefore = a.call("GET", "/triggers/iso-trigger", null).body();
            List<NamespaceAttempts.Attempt> attempts = NamespaceAttempts.all("guest", "iso-probe", activation);
            List<String> allowed = NamespaceAttempts.tryAll(b, attempts);
            assertEquals(List.of(), allowed, "B got through to A");
            assertEquals(before, a.call("GET", "/actions/iso-probe", null).body(), "A's action changed");
            assertEquals(triggerBefore, a.call("GET", "/triggers/iso-trigger", null).body(), "A's trigger changed");
            JsonNode bList = Api.json(b.call("GET", "/activations?limit=200", null));
            assertFalse(bList.toString().contains(activation), "A's activation listed in B: " + bList);
            for (String created : List.of("/packages/iso-b-binding", "/packages/iso-b-binding2", "/rules/iso-b-rule",
                    "/rules/iso-b-rule2", "/rules/iso-b-rule3", "/actions/iso-b-seq", "/actions/iso-b-seq2")) {
                assertEquals(404, b.call("GET", created, null).statusCode(), created + " was created in B");
            }
            System.out.println("isolation: " + attempts.size() + " cross-namespace attempts, all refused");

            // 2. the sandbox: host files, other containers, the control plane, other namespaces' keys
            List<String> leaks = probeSandbox(testbed, a);
            assertEquals(List.of(), leaks, "the sandbox let the action through");
            List<String> keyLeaks = keysStayWithTheirNamespace(a, b, testbed.auth(), bKey);
            assertEquals(List.of(), keyLeaks, "an activation saw another namespace's key");
        }
    }

    @Test
    void withNetworkAnActionReachesOutsideAndThePublicApi() throws Exception {
        Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("isolation-net");
        OutsideHost outside = OutsideHost.start();
        assumeTrue(outside.address() != null, "no network namespace for an outside host (needs root and ip)");
        try (ProcessTestbed testbed = ProcessTestbed.builder().workDir(work)
                .invokerProperty("brisk.invoker.container.network", "true").build().start()) {
            Api a = new Api(testbed);
            put(a, "iso-net", SandboxProbes.NETWORK);
            put(a, "iso-target", SandboxProbes.TARGET);
            ObjectNode params = Api.JSON.createObjectNode()
                    .put("url", outside.url()).put("target", "iso-target");
            HttpResponse<String> r = a.call("POST", "/actions/iso-net?blocking=true&result=true", params.toString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode result = Api.json(r);
            assertEquals("outside-ok", result.path("outside").path("body").asText(), "outside server: " + result);
            assertEquals(200, result.path("api").path("status").asInt(), "public API: " + result);
            assertEquals("iso-net", Api.JSON.readTree(result.path("api").path("body").asText()).path("hello").asText(),
                    "the invoked action's result: " + result);

            // with the host network the platform's internals stay closed: only the public API (nginx) answers
            put(a, "iso-probe", SandboxProbes.PROBE);
            JsonNode seen = Api.json(a.call("POST", "/actions/iso-probe?blocking=true&result=true",
                    Api.JSON.createObjectNode().set("ports", controlPlanePorts(testbed)).toString()));
            System.out.println("isolation (network=true): control-plane TCP reachability " + seen.path("ports"));
            seen.path("ports").fields().forEachRemaining(e -> {
                if (e.getKey().equals("nginx")) {
                    assertEquals("connected", e.getValue().asText(), "the public API: " + seen.path("ports"));
                } else {
                    assertTrue(e.getValue().asText().startsWith("denied"), e.getKey() + " answered an action: "
                            + seen.path("ports"));
                }
            });
            assertTrue(seen.path("env").toString().contains("__OW_API_KEY") && !seen.path("env").toString().contains("BRISK"),
                    "the action's environment: " + seen.path("env"));
        } finally {
            outside.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void setUpNamespaceA(Api a) throws Exception {
        put(a, "iso-probe", SandboxProbes.PROBE);
        expect(a.call("PUT", "/triggers/iso-trigger", "{}"), "PUT trigger");
        expect(a.call("PUT", "/rules/iso-rule", "{\"trigger\":\"/_/iso-trigger\",\"action\":\"/_/iso-probe\"}"), "PUT rule");
        expect(a.call("PUT", "/packages/iso-private", "{}"), "PUT package");
        expect(a.call("PUT", "/actions/iso-private/inner", String.format(PUT_PROBE, Api.JSON.writeValueAsString(SandboxProbes.TARGET))), "PUT inner");
        expect(a.call("PUT", "/packages/iso-shared", "{\"publish\":true}"), "PUT public package");
        expect(a.call("PUT", "/actions/iso-shared/keys", String.format(PUT_PROBE, Api.JSON.writeValueAsString(SandboxProbes.KEYS_SEEN))), "PUT keys");
    }

    /** Runs the probe with every target this host has; answers each thing it could reach. */
    private static List<String> probeSandbox(ProcessTestbed testbed, Api a) throws Exception {
        Path shortDir = Path.of(Files.readString(testbed.workDir().resolve("short-dir")).trim());
        // a second warm container, whose directory and socket the probe then tries
        put(a, "iso-other", SandboxProbes.TARGET);
        expect(a.call("POST", "/actions/iso-other?blocking=true", "{}"), "invoke iso-other");
        List<String> containerDirs = new ArrayList<>();
        List<String> sockets = new ArrayList<>();
        for (int i = 0; i < testbed.invokerCount(); i++) {
            try (Stream<Path> dirs = Files.list(shortDir.resolve("inv" + i))) {
                for (Path d : dirs.toList()) {
                    containerDirs.add(d.toString());
                    // the invoker's sockets (outside the sandbox) and where the proxies bound them
                    for (String socket : List.of("control.sock", "run/proxy.sock")) {
                        sockets.add(d.resolve(socket).toString());
                    }
                }
            }
        }
        assertTrue(sockets.stream().anyMatch(s -> Files.exists(Path.of(s))), "no warm container socket under " + shortDir);
        Path root = Path.of(System.getProperty("brisk.root", "../..")).toAbsolutePath().normalize();
        List<String> files = new ArrayList<>(List.of("/etc/shadow", root.resolve("pom.xml").toString(),
                testbed.controller().logFile().toString(), testbed.kafka().logFile().toString(),
                "/proc/" + testbed.invoker(0).pid() + "/environ", "/proc/" + testbed.controller().pid() + "/cmdline"));
        files.removeIf(f -> !Files.exists(Path.of(f))); // only what exists on the host proves anything
        for (String d : containerDirs) {
            files.add(d + "/proxy.js");
        }
        ObjectNode params = Api.JSON.createObjectNode();
        files.forEach(params.putArray("files")::add);
        ObjectNode ports = controlPlanePorts(testbed);
        params.set("ports", ports);
        sockets.forEach(params.putArray("sockets")::add);
        var dirs = params.putArray("dirs").add(shortDir.toString()).add(root.toString())
                .add(System.getProperty("user.home")).add(testbed.workDir().toString());
        testbed.couch().localData().ifPresent(data -> dirs.add(data.toString()));

        HttpResponse<String> r = a.call("POST", "/actions/iso-probe?blocking=true&result=true", params.toString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode seen = Api.json(r);
        System.out.println("isolation probe saw: " + seen);
        List<String> leaks = new ArrayList<>();
        String home = seen.path("cwd").asText();
        assertFalse(home.isEmpty(), "the probe did not say where it runs: " + seen);
        String ownDir = Path.of(home).getParent().toString(); // its home, run directory and proxy script
        seen.path("files").fields().forEachRemaining(e -> {
            if (!e.getValue().asText().startsWith("denied") && !e.getKey().startsWith(ownDir + "/")) {
                leaks.add("file " + e.getKey() + ": " + e.getValue().asText());
            }
        });
        for (Iterator<Map.Entry<String, JsonNode>> it = seen.path("ports").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().startsWith("denied")) {
                leaks.add("port " + e.getKey() + ": " + e.getValue().asText());
            }
        }
        seen.path("sockets").fields().forEachRemaining(e -> {
            if (!e.getValue().asText().startsWith("denied") && !e.getKey().startsWith(ownDir + "/")) {
                leaks.add("socket " + e.getKey() + ": " + e.getValue().asText());
            }
        });
        seen.path("dirs").fields().forEachRemaining(e -> {
            JsonNode listing = e.getValue();
            // a directory on the way to the container's own is there, holding only that way
            if (listing.isArray()) {
                for (JsonNode entry : listing) {
                    String child = e.getKey() + "/" + entry.asText();
                    if (!ownDir.startsWith(child + "/") && !ownDir.equals(child) && !isRuntime(child)) {
                        leaks.add("dir " + e.getKey() + " lists " + entry.asText());
                    }
                }
            }
        });
        if (seen.path("pids").size() > 3) {
            leaks.add("sees processes " + seen.path("pids"));
        }
        if (seen.path("env").toString().contains("BRISK")) {
            leaks.add("environment " + seen.path("env"));
        }
        assertEquals(ports.size(), seen.path("ports").size(), "every port tried: " + seen);
        return leaks;
    }

    /** A runtime installed outside /usr (pyenv) is visible read-only, by design. */
    private static boolean isRuntime(String path) {
        return path.contains("/.pyenv") || path.contains("/.nvm");
    }

    private static ObjectNode controlPlanePorts(ProcessTestbed testbed) {
        ObjectNode ports = Api.JSON.createObjectNode();
        ports.put("kafka", testbed.kafka().port());
        ports.put("couchdb", testbed.couch().port());
        ports.put("controller", testbed.controller().port());
        for (int i = 0; i < testbed.invokerCount(); i++) {
            ports.put("invoker" + i, testbed.invoker(i).port());
        }
        ports.put("nginx", URI.create(testbed.apiHost()).getPort());
        return ports;
    }

    /** A's and B's activations of the same public action: each sees its own key only, every time. */
    private static List<String> keysStayWithTheirNamespace(Api a, Api b, String aKey, String bKey) throws Exception {
        List<String> leaks = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (boolean asA : new boolean[] {true, false, true}) {
                HttpResponse<String> r = (asA ? a : b).callIn(asA ? "_" : "guest", "POST",
                        "/actions/iso-shared/keys?blocking=true&result=true", "{}");
                assertEquals(200, r.statusCode(), r.body());
                JsonNode seen = Api.json(r).path("seen");
                String own = asA ? aKey : bKey;
                for (JsonNode k : seen) {
                    if (!own.equals(k.asText())) {
                        leaks.add((asA ? "A" : "B") + " saw a key not its own (" + k.asText().substring(0, 8) + "...)");
                    }
                }
                assertTrue(seen.toString().contains(own), (asA ? "A" : "B") + " did not get its own key: " + seen);
            }
        }
        return leaks;
    }

    private static String createNamespace(ProcessTestbed testbed, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + testbed.controller().port()
                        + "/admin/v1/namespaces/" + name))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        testbed.adminAuth().getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assumeTrue(r.statusCode() == 200, "the admin API could not create a namespace: " + r.statusCode() + " " + r.body());
        String auth = Api.JSON.readTree(r.body()).path("auth").asText();
        assertNotNull(auth);
        return auth;
    }

    private static void put(Api a, String name, String code) throws Exception {
        expect(a.call("PUT", "/actions/" + name + "?overwrite=true",
                String.format(PUT_PROBE, Api.JSON.writeValueAsString(code))), "PUT " + name);
    }

    private static void expect(HttpResponse<String> r, String what) {
        if (r.statusCode() != 200) {
            throw new AssertionError(what + " -> " + r.statusCode() + " " + r.body());
        }
    }
}
