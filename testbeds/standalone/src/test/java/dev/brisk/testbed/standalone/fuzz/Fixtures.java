package dev.brisk.testbed.standalone.fuzz;

import dev.brisk.testbed.support.Testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest namespace's stored entities the fuzzer must not change: created before, read back (full GET bodies) before
 * and after, and invoked after to show they still work.
 */
final class Fixtures {
    private static final String NS = "/api/v1/namespaces/_/";
    private static final String NODE = "function main(p){ return {ok: true, echo: p.x === undefined ? null : p.x} }";
    private static final String WEB = "function main(p){ return {statusCode: p.sc === undefined ? 200 : Number(p.sc),"
            + " headers: p.h !== undefined ? p.h : {'content-type': p.ct || 'application/json'},"
            + " body: p.b !== undefined ? p.b : {ok: true}} }";

    /** Entity path (under the namespace) → the request body that creates it; creation order matters. */
    private static final Map<String, String> ENTITIES = new LinkedHashMap<>();

    static {
        ENTITIES.put("actions/fx-node", "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":" + quote(NODE) + "},"
                + "\"parameters\":[{\"key\":\"x\",\"value\":\"stored\"}],\"annotations\":[{\"key\":\"note\",\"value\":\"fixture\"}]}");
        ENTITIES.put("actions/fx-seq", "{\"exec\":{\"kind\":\"sequence\",\"components\":[\"/guest/fx-node\",\"/guest/fx-node\"]}}");
        ENTITIES.put("actions/fx-web", "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":" + quote(WEB) + "},"
                + "\"annotations\":[{\"key\":\"web-export\",\"value\":true}]}");
        ENTITIES.put("packages/fx-pkg", "{\"parameters\":[{\"key\":\"p\",\"value\":1}]}");
        ENTITIES.put("actions/fx-pkg/fx-inner", "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":" + quote(NODE) + "}}");
        ENTITIES.put("triggers/fx-trigger", "{\"parameters\":[{\"key\":\"t\",\"value\":true}]}");
        ENTITIES.put("rules/fx-rule", "{\"trigger\":\"/guest/fx-trigger\",\"action\":\"/guest/fx-node\"}");
    }

    private final String apiHost;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Fixtures(String apiHost) {
        this.apiHost = apiHost;
    }

    void create() throws IOException, InterruptedException {
        for (Map.Entry<String, String> e : ENTITIES.entrySet()) {
            HttpResponse<String> r = send("PUT", NS + e.getKey(), e.getValue());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("PUT " + e.getKey() + " -> " + r.statusCode() + " " + r.body());
            }
        }
    }

    /** Each fixture's full GET body, in a fixed order. */
    Map<String, String> snapshot() throws IOException, InterruptedException {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String path : ENTITIES.keySet()) {
            HttpResponse<String> r = send("GET", NS + path, null);
            bodies.put(path, r.statusCode() + " " + r.body());
        }
        return bodies;
    }

    /** Invokes every fixture once the way a user would; answers the problems, empty when all worked. */
    List<String> stillWorking() throws IOException, InterruptedException {
        List<String> problems = new java.util.ArrayList<>();
        expect(problems, "POST", NS + "actions/fx-node?blocking=true&result=true", "{}", 200, "\"ok\":true");
        expect(problems, "POST", NS + "actions/fx-seq?blocking=true&result=true", "{}", 200, "\"ok\":true");
        expect(problems, "POST", NS + "actions/fx-pkg/fx-inner?blocking=true&result=true", "{}", 200, "\"ok\":true");
        expect(problems, "POST", NS + "triggers/fx-trigger", "{}", 202, "activationId");
        HttpResponse<String> web = http.send(HttpRequest.newBuilder(URI.create(apiHost + "/api/v1/web/guest/default/fx-web.json"))
                .timeout(Duration.ofSeconds(70)).build(), HttpResponse.BodyHandlers.ofString());
        if (web.statusCode() != 200 || !web.body().contains("\"ok\"")) {
            problems.add("web action fx-web.json -> " + web.statusCode() + " " + web.body());
        }
        return problems;
    }

    private void expect(List<String> problems, String method, String path, String body, int status, String contains)
            throws IOException, InterruptedException {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() != status || !r.body().contains(contains)) {
            problems.add(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiHost + path)).timeout(Duration.ofSeconds(70))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(Testbed.GUEST_KEY.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
