package dev.brisk.testbed.support.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hostile-tenant suite's probes, for any testbed: two namespaces, A (the victim) and B (the attacker), each
 * with the same attacking action ({@code tenant-probe.js}); each probe runs through the public API and answers an
 * {@link Outcome}: whether the attack was contained, and what the action saw. What only the host can check (a
 * bystander process alive, nothing left on the disk) is the calling test's part.
 */
public final class HostileTenants {
    public static final String ACTION = "hostile-tenant-probe";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One probe's verdict, a line of the README's table. */
    public record Outcome(String probe, boolean contained, String detail) {
        @Override
        public String toString() {
            return (contained ? "CONTAINED " : "ESCAPED   ") + probe + ": " + detail;
        }
    }

    private final String apiHost;
    private final String authA;
    private final String authB;
    private final HttpClient http;
    private final String secret = "secret-" + UUID.randomUUID();

    public HostileTenants(String apiHost, SSLContext ssl, String authA, String authB) {
        this.apiHost = apiHost;
        this.authA = authA;
        this.authB = authB;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** The victim's secret, which must never reach B. */
    public String secret() {
        return secret;
    }

    /** Puts the probe action into both namespaces. */
    public void deploy() throws IOException, InterruptedException {
        String code;
        try (InputStream in = HostileTenants.class.getResourceAsStream("tenant-probe.js")) {
            code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("exec").put("kind", "nodejs:default").put("code", code);
        body.putObject("limits").put("timeout", 60_000).put("memory", 256);
        for (String auth : List.of(authA, authB)) {
            HttpResponse<String> r = call(auth, "PUT", "/api/v1/namespaces/_/actions/" + ACTION + "?overwrite=true",
                    body.toString());
            if (r.statusCode() != 200) {
                throw new IOException("PUT " + ACTION + " -> " + r.statusCode() + " " + r.body());
            }
        }
    }

    /** The probe's blocking activation record, as B (attacker) or A. */
    public JsonNode probe(boolean attacker, String probe, ObjectNode params) throws IOException, InterruptedException {
        ObjectNode body = params == null ? JSON.createObjectNode() : params.deepCopy();
        body.put("probe", probe);
        HttpResponse<String> r = call(attacker ? authB : authA, "POST",
                "/api/v1/namespaces/_/actions/" + ACTION + "?blocking=true", body.toString());
        JsonNode record = JSON.readTree(r.body());
        if (r.statusCode() != 200 && r.statusCode() != 502) {
            throw new IOException(probe + " -> " + r.statusCode() + " " + r.body());
        }
        return record;
    }

    public static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Remount and write the system's directories, the runtime's, the root; open /etc/hosts to append. */
    public Outcome system() throws IOException, InterruptedException {
        JsonNode r = result(probe(true, "system", null));
        boolean contained = r.path("remount").path("rc").asInt() != 0;
        for (String f : List.of("usr", "bin", "root", "runtime", "hosts")) {
            contained &= r.path(f).asText().startsWith("denied");
        }
        return new Outcome("remount and write system directories", contained, r.toString());
    }

    /** Read the host's secrets; the environment holds nothing of the platform's. */
    public Outcome secrets(List<String> hostFiles) throws IOException, InterruptedException {
        ObjectNode params = params();
        hostFiles.forEach(params.putArray("files")::add);
        JsonNode r = result(probe(true, "secrets", params));
        boolean contained = true;
        for (var it = r.path("files").fields(); it.hasNext(); ) {
            contained &= it.next().getValue().asText().startsWith("denied");
        }
        String env = r.path("env").toString();
        contained &= !env.contains("BRISK") && !env.contains("JAVA_") && !env.contains("COUCH") && !env.contains("KAFKA");
        return new Outcome("read host secrets and the platform's environment", contained, r.toString());
    }

    /**
     * A hands its secret to its warm container; B looks at every process, file and variable it can see, and at what
     * its own container remembers: the secret must appear nowhere.
     */
    public Outcome otherTenant() throws IOException, InterruptedException {
        ObjectNode remember = params().put("secret", secret);
        JsonNode stored = result(probe(false, "remember", remember));
        if (!stored.path("remembered").asBoolean()) {
            throw new IOException("A's probe did not remember: " + stored);
        }
        JsonNode r = result(probe(true, "look", null));
        boolean contained = !r.toString().contains(secret) && r.path("remembered").isNull()
                && r.path("processes").size() <= 4;
        return new Outcome("see another tenant's processes, files, environment or parameters", contained,
                "B saw " + r.path("processes").size() + " processes " + r.path("processes") + ", home " + r.path("home"));
    }

    /** B points its socket's place at A's container's; its next activations still run in its own container. */
    public Outcome redirect(List<String> targets) throws IOException, InterruptedException {
        ObjectNode params = params();
        targets.forEach(params.putArray("targets")::add);
        JsonNode tried = result(probe(true, "redirect", params));
        boolean contained = true;
        for (int i = 0; i < 3; i++) {
            JsonNode next = result(probe(true, "look", null));
            contained &= !next.toString().contains(secret) && next.path("remembered").isNull();
        }
        JsonNode victim = result(probe(false, "look", null));
        contained &= secret.equals(victim.path("remembered").asText());
        return new Outcome("replace or redirect the control channel (symlink attack)", contained,
                tried.path("tried").toString());
    }

    /** B writes {@code pid} wherever a pid file could be trusted; the caller checks the process lives on. */
    public JsonNode plantPid(long pid) throws IOException, InterruptedException {
        return result(probe(true, "plant-pid", params().put("pid", pid)));
    }

    /** B writes {@code mb} MB into its home and /tmp: both must stop short (ENOSPC) or end the activation. */
    public Outcome fillDisk(int mb) throws IOException, InterruptedException {
        JsonNode record = probe(true, "fill-disk", params().put("mb", mb));
        JsonNode r = result(record);
        String status = record.path("response").path("status").asText();
        boolean contained = status.equals("success")
                ? !r.path("home").asText().startsWith("wrote") && !r.path("tmp").asText().startsWith("wrote")
                : status.equals("action developer error");
        return new Outcome("fill the disk (" + mb + " MB into $HOME and /tmp)", contained,
                status + " " + (r.isMissingNode() ? record.path("response").toString() : r.toString()));
    }

    /** B starts a process that outlives its activation; the caller checks what becomes of it. */
    public JsonNode background(String marker) throws IOException, InterruptedException {
        return result(probe(true, "background", params().put("marker", marker)));
    }

    /** B signals the given host pids (the invokers'). */
    public Outcome signal(List<Long> pids) throws IOException, InterruptedException {
        ObjectNode params = params();
        pids.forEach(params.putArray("pids")::add);
        JsonNode r = result(probe(true, "signal", params));
        boolean contained = true;
        for (var it = r.path("kill").fields(); it.hasNext(); ) {
            contained &= it.next().getValue().asText().startsWith("denied");
        }
        return new Outcome("signal the invoker", contained, r.toString());
    }

    /**
     * B connects to each target ({@code name -> {host, port}}); all but {@code open} must be refused.
     *
     * @param open the names that must connect (the public API)
     */
    public Outcome network(Map<String, Map<String, Object>> targets, List<String> open)
            throws IOException, InterruptedException {
        ObjectNode params = params();
        ObjectNode t = params.putObject("targets");
        targets.forEach((name, target) -> t.set(name, JSON.valueToTree(target)));
        JsonNode r = result(probe(true, "network", params));
        boolean contained = true;
        List<String> notes = new ArrayList<>();
        for (var it = r.path("ports").fields(); it.hasNext(); ) {
            var e = it.next();
            boolean connected = e.getValue().asText().equals("connected");
            contained &= open.contains(e.getKey()) == connected;
            notes.add(e.getKey() + " " + e.getValue().asText());
        }
        contained &= r.path("ports").size() == targets.size();
        return new Outcome("reach the platform's internals with network on", contained, String.join(", ", notes));
    }

    private static JsonNode result(JsonNode record) {
        return record.path("response").path("result");
    }

    private HttpResponse<String> call(String auth, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiHost + path))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
