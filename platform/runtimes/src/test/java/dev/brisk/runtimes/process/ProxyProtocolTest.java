package dev.brisk.runtimes.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.entity.RuntimeKind;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The action-container protocol, spoken by one proxy through the process factory; subclasses give the code. */
abstract class ProxyProtocolTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final String LOG_LINE = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+Z\\s+%s: %s$";

    @TempDir
    static Path work;
    static ProcessContainerFactory factory;
    final List<Container> containers = new ArrayList<>();

    abstract String kind();

    /** The body /init answers 200 with. */
    abstract String initOk();

    /** main returns its params. */
    abstract String echo();

    /** Loading the code throws. */
    abstract String throwsAtLoad();

    /**
     * The stderr lines (messages only), in order, that the runtime writes when {@link #throwsAtLoad()} is loaded, as
     * OpenWhisk's runtime of the language writes them (other lines may come between them).
     */
    abstract List<String> throwsAtLoadLogs();

    /** The stderr lines, in order, that the runtime writes when {@link #throwsAtRun()} throws. */
    abstract List<String> throwsAtRunLogs();

    /** main returns {"error": "bad input"}. */
    abstract String appError();

    /** main throws an exception with the message "Extraordinary exception". */
    abstract String throwsAtRun();

    abstract String throwsAtRunMessage();

    /** main returns the number 42. */
    abstract String returnsNumber();

    /** main returns {"id": $__OW_ACTIVATION_ID, "ns": $__OW_NAMESPACE, "deadline": $__OW_DEADLINE, "init": $INIT_VALUE}. */
    abstract String readsEnv();

    /** main prints "hello" to stdout, "oops" to stderr and params.text to stdout, and returns {"text": text + "✓"}. */
    abstract String logs();

    /** main prints params.n lines of 100 'x' and returns {}. */
    abstract String manyLines();

    /** main sleeps 60 s. */
    abstract String sleeps();

    /** A zip whose entry file exports/defines main returning {"zipped": true}. */
    abstract Map<String, String> zipFiles();

    @BeforeAll
    static void startFactory() {
        factory = new ProcessContainerFactory(Map.of("work-dir", work.resolve("c").toString()));
    }

    @AfterAll
    static void stopFactory() {
        factory.close();
    }

    @AfterEach
    void destroyContainers() {
        containers.forEach(Container::destroy);
    }

    Container start() {
        RuntimeKind kind = RuntimeManifest.standard().resolve(kind()).orElseThrow();
        Container c = factory.create(new ContainerSpec("test", kind, 256, Map.of("__OW_API_HOST", "http://127.0.0.1")));
        containers.add(c);
        return c;
    }

    static ObjectNode initBody(String code) {
        return initBody(code, false, Json.object());
    }

    static ObjectNode initBody(String code, boolean binary, ObjectNode env) {
        return initBody(code, "main", binary, env);
    }

    static ObjectNode initBody(String code, String main, boolean binary, ObjectNode env) {
        ObjectNode value = Json.object().put("name", "act").put("main", main).put("code", code).put("binary", binary);
        value.set("env", env);
        ObjectNode body = Json.object();
        body.set("value", value);
        return body;
    }

    /** The {@code main} of the init bodies the shared tests send (Java names a class there). */
    String mainName() {
        return "main";
    }

    /** Whether plain (non-binary) code is sent as such; Java code is always a base64 jar. */
    boolean binaryCode() {
        return false;
    }

    ObjectNode initFor(String code) {
        return initFor(code, Json.object());
    }

    ObjectNode initFor(String code, ObjectNode env) {
        return initBody(code, mainName(), binaryCode(), env);
    }

    static ObjectNode runBody(JsonNode params) {
        ObjectNode body = Json.object();
        body.set("value", params);
        body.put("namespace", "guest").put("action_name", "/guest/act").put("action_version", "0.0.1")
                .put("activation_id", "a1b2c3").put("transaction_id", "tid").put("deadline", "1999999999999")
                .put("api_key", "uuid:key");
        return body;
    }

    Container initialized(String code) {
        Container c = start();
        RuntimeResponse init = c.init(initFor(code), TIMEOUT);
        assertEquals(200, init.status(), init.body());
        return c;
    }

    static JsonNode json(RuntimeResponse r) {
        assertNull(r.failure(), "no HTTP answer");
        return Json.parse(r.body());
    }

    @Test
    void initSucceedsOnceOnly() {
        Container c = start();
        RuntimeResponse first = c.init(initFor(echo()), TIMEOUT);
        assertEquals(200, first.status());
        assertEquals(Json.parse(initOk()), json(first));
        RuntimeResponse second = c.init(initFor(echo()), TIMEOUT);
        assertEquals(403, second.status());
        assertEquals("Cannot initialize the action more than once.", json(second).get("error").asText());
    }

    @Test
    void emptyCodeOrMissingMainIs403() {
        RuntimeResponse empty = start().init(initFor(""), TIMEOUT);
        assertEquals(403, empty.status());
        assertEquals("Missing main/no code to execute.", json(empty).get("error").asText());
        ObjectNode otherMain = initFor(echo());
        ((ObjectNode) otherMain.get("value")).put("main", "nope");
        RuntimeResponse missing = start().init(otherMain, TIMEOUT);
        assertEquals(403, missing.status());
        assertEquals("Missing main/no code to execute.", json(missing).get("error").asText());
    }

    @Test
    void codeThrowingAtLoadIs502() {
        RuntimeResponse r = start().init(initFor(throwsAtLoad()), TIMEOUT);
        assertEquals(502, r.status());
        assertTrue(json(r).get("error").asText().startsWith("Initialization has failed due to: "), r.body());
        assertTrue(r.body().contains("load failed"), r.body());
    }

    @Test
    void codeThrowingAtLoadIsInTheLogsWhichEndAtOnce() {
        Container c = start();
        assertEquals(502, c.init(initFor(throwsAtLoad()), TIMEOUT).status());
        long start = System.nanoTime();
        ActivationLogs logs = c.logs(1 << 20, true);
        assertTrue(System.nanoTime() - start < 1_500_000_000L, "the failed init wrote no sentinel: waited for one");
        assertInOrder(throwsAtLoadLogs(), messages(logs, "stderr"));
        assertEquals(List.of(), messages(logs, "stdout"));
    }

    @Test
    void anExceptionOfMainIsInTheLogs() {
        Container c = initialized(throwsAtRun());
        c.run(runBody(Json.object()), TIMEOUT);
        ActivationLogs logs = c.logs(1 << 20, true);
        assertInOrder(throwsAtRunLogs(), messages(logs, "stderr"));
        assertEquals(List.of(), messages(logs, "stdout"));
    }

    /** The messages of the lines of one stream, without their time stamps. */
    static List<String> messages(ActivationLogs logs, String stream) {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(LOG_LINE.formatted(stream, "(.*)"),
                java.util.regex.Pattern.DOTALL);
        List<String> found = new ArrayList<>();
        for (String l : logs.lines()) {
            var m = line.matcher(l);
            if (m.matches()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    /** {@code expected} occur in {@code actual} in this order, with possibly other lines between them. */
    static void assertInOrder(List<String> expected, List<String> actual) {
        int at = 0;
        for (String e : expected) {
            int i = actual.subList(at, actual.size()).indexOf(e);
            assertTrue(i >= 0, "line <" + e + "> (after line " + at + ") not in " + actual);
            at += i + 1;
        }
    }

    @Test
    void runEchoesParamsIncludingArrays() {
        Container c = initialized(echo());
        JsonNode params = Json.parse("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":1.5}}");
        RuntimeResponse r = c.run(runBody(params), TIMEOUT);
        assertEquals(200, r.status());
        assertEquals(params, json(r));
        assertTrue(r.end() >= r.start());
        JsonNode array = Json.parse("[1,2,3]");
        assertEquals(array, json(c.run(runBody(array), TIMEOUT)));
    }

    @Test
    void runBeforeInitIs403() {
        RuntimeResponse r = start().run(runBody(Json.object()), TIMEOUT);
        assertEquals(403, r.status());
        assertEquals("System not initialized.", json(r).get("error").asText());
    }

    @Test
    void applicationErrorIs200WithError() {
        RuntimeResponse r = initialized(appError()).run(runBody(Json.object()), TIMEOUT);
        assertEquals(200, r.status());
        assertEquals("bad input", json(r).get("error").asText());
    }

    /** Node answers 502 (a developer error); Python's launcher reports {"error": str(ex)} as a result (200). */
    abstract int thrownExceptionStatus();

    @Test
    void thrownExceptionGivesTheRuntimesStatus() {
        RuntimeResponse r = initialized(throwsAtRun()).run(runBody(Json.object()), TIMEOUT);
        assertEquals(thrownExceptionStatus(), r.status());
        assertEquals(throwsAtRunMessage(), json(r).get("error").asText());
    }

    @Test
    void nonObjectResultIs502() {
        RuntimeResponse r = initialized(returnsNumber()).run(runBody(Json.object()), TIMEOUT);
        assertEquals(502, r.status());
        assertTrue(json(r).get("error").asText().startsWith("The action did not return a dictionary"), r.body());
    }

    @Test
    void environmentOfInitAndRunIsVisible() {
        Container c = start();
        ObjectNode env = Json.object().put("INIT_VALUE", "from-init").put("NUMBER", 7);
        assertEquals(200, c.init(initFor(readsEnv(), env), TIMEOUT).status());
        JsonNode result = json(c.run(runBody(Json.object()), TIMEOUT));
        assertEquals("a1b2c3", result.get("id").asText());
        assertEquals("guest", result.get("ns").asText());
        assertEquals("1999999999999", result.get("deadline").asText());
        assertEquals("from-init", result.get("init").asText());
        assertEquals("7", result.get("number").asText());
        assertEquals("/guest/act", result.get("action").asText());
        assertEquals("uuid:key", result.get("key").asText());
        assertEquals("http://127.0.0.1", result.get("host").asText());
    }

    @Test
    void logsAreStampedTaggedAndSplitAtTheSentinel() {
        Container c = initialized(logs());
        RuntimeResponse r = c.run(runBody(Json.object().put("text", "héllo wörld 日本 🎉")), TIMEOUT);
        assertEquals(200, r.status());
        assertEquals("héllo wörld 日本 🎉✓", json(r).get("text").asText());
        ActivationLogs logs = c.logs(1 << 20, true);
        assertFalse(logs.truncated());
        List<String> out = logs.lines().stream().filter(l -> l.contains(" stdout: ")).toList();
        List<String> err = logs.lines().stream().filter(l -> l.contains(" stderr: ")).toList();
        assertEquals(2, out.size(), logs.lines().toString());
        assertTrue(out.get(0).matches(LOG_LINE.formatted("stdout", "hello")), out.get(0));
        assertTrue(out.get(1).matches(LOG_LINE.formatted("stdout", "héllo wörld 日本 🎉")), out.get(1));
        assertEquals(1, err.size(), logs.lines().toString());
        assertTrue(err.get(0).matches(LOG_LINE.formatted("stderr", "oops")), err.get(0));
        assertTrue(logs.lines().stream().noneMatch(l -> l.contains("XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX")));
        // the timestamp column is padded to 30 characters, as in OpenWhisk
        assertEquals(' ', out.get(0).charAt(30));
        assertEquals("stdout", out.get(0).substring(31, 37));

        // the next activation gets only its own lines
        c.run(runBody(Json.object().put("text", "second")), TIMEOUT);
        List<String> next = c.logs(1 << 20, true).lines();
        assertEquals(3, next.size(), next.toString());
        assertTrue(next.stream().anyMatch(l -> l.endsWith("stdout: second")));
        assertTrue(next.stream().noneMatch(l -> l.contains("日本")));
    }

    @Test
    void sentinelIsWrittenToBothStreamsEvenAfterAFailure() {
        Container c = initialized(throwsAtRun());
        c.run(runBody(Json.object()), TIMEOUT);
        long start = System.nanoTime();
        c.logs(1 << 20, true);
        // both sentinels arrived: no waiting for the 2 s bound
        assertTrue(System.nanoTime() - start < 1_500_000_000L, "waited for a sentinel that never came");
    }

    @Test
    void logsAreTruncatedAtTheLimit() {
        Container c = initialized(manyLines());
        assertEquals(200, c.run(runBody(Json.object().put("n", 50)), TIMEOUT).status());
        ActivationLogs logs = c.logs(1000, true);
        assertTrue(logs.truncated());
        assertEquals(10, logs.lines().size(), logs.lines().toString()); // 9 lines of 101 bytes, then the notice
        assertTrue(logs.lines().get(9).matches("\\S+Z\\s+stderr: Logs were truncated because the total bytes size"
                + " exceeds the limit of 1000 bytes\\."), "a stderr line, as OpenWhisk's: " + logs.lines().get(9));
        // the rest of that activation does not leak into the next one
        c.run(runBody(Json.object().put("n", 1)), TIMEOUT);
        ActivationLogs next = c.logs(1000, true);
        assertFalse(next.truncated());
        assertEquals(1, next.lines().size(), next.lines().toString());
    }

    @Test
    void runTimeoutIsReportedAndDestroyKillsTheProcess() throws Exception {
        ProcessContainer c = (ProcessContainer) initialized(sleeps());
        RuntimeResponse r = c.run(runBody(Json.object()), Duration.ofMillis(500));
        assertEquals(RuntimeResponse.Failure.TIMEOUT, r.failure());
        assertTrue(r.millis() >= 450 && r.millis() < 5000, "took " + r.millis());
        List<ProcessHandle> tree = new ArrayList<>(c.process().descendants().toList());
        tree.add(c.process().toHandle());
        c.destroy();
        for (ProcessHandle p : tree) {
            p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(p.isAlive(), "still alive: " + p.pid());
        }
        assertFalse(c.directory().toFile().exists());
    }

    @Test
    void deadProcessIsNoResponse() throws Exception {
        ProcessContainer c = (ProcessContainer) initialized(echo());
        c.process().descendants().forEach(ProcessHandle::destroyForcibly);
        c.process().destroyForcibly();
        c.process().waitFor();
        RuntimeResponse r = c.run(runBody(Json.object()), TIMEOUT);
        assertEquals(RuntimeResponse.Failure.NO_RESPONSE, r.failure());
    }

    @Test
    void zipActionRuns() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var file : zipFiles().entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        Container c = start();
        String code = Base64.getEncoder().encodeToString(bytes.toByteArray());
        RuntimeResponse init = c.init(initBody(code, true, Json.object()), TIMEOUT);
        assertEquals(200, init.status(), init.body());
        assertTrue(json(c.run(runBody(Json.object()), TIMEOUT)).get("zipped").asBoolean());
    }

    @Test
    void badJsonAndUnknownRoutesAreRejected() throws IOException {
        ProcessContainer c = (ProcessContainer) start();
        int expected = kind().startsWith("nodejs") ? 500 : 400;
        assertEquals(expected, raw(c, "POST", "/init", "{not json"));
        assertEquals(expected, raw(c, "POST", "/other", "{}"));
        assertEquals(expected, raw(c, "GET", "/run", ""));
    }

    /** Prints start, init and warm-run latency for comparison between runtimes; the bounds are loose sanity checks. */
    @Test
    void latency() {
        String code = echo();
        long t0 = System.nanoTime();
        Container c = start();
        long t1 = System.nanoTime();
        assertEquals(200, c.init(initFor(code), TIMEOUT).status());
        long t2 = System.nanoTime();
        assertEquals(200, c.run(runBody(Json.object().put("n", 0)), TIMEOUT).status());
        long t3 = System.nanoTime();
        int warm = 50;
        for (int i = 0; i < warm; i++) {
            assertEquals(200, c.run(runBody(Json.object().put("n", i)), TIMEOUT).status());
            c.logs(1 << 20, true);
        }
        long t4 = System.nanoTime();
        System.out.printf("%s proxy (sandbox %s): start %d ms, init %d ms, first run %d ms, warm run + logs %.2f ms%n",
                kind(), factory.sandboxStatus(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000, (t4 - t3) / 1e6 / warm);
        assertTrue(t1 - t0 < 10_000_000_000L);
        assertTrue((t4 - t3) / warm < 1_000_000_000L);
    }

    /** Brisk's inline-logs extension: asked for with the header, the answer wraps the usual body and the lines. */
    @Test
    void inlineLogsWrapTheAnswerOnlyWhenAsked() throws IOException {
        ProcessContainer c = (ProcessContainer) start();
        Exchange init = exchange(c, "/init", Json.write(initFor(logs())), true);
        assertEquals(200, init.status(), init.body());
        assertEquals("inline", init.header("X-Brisk-Logs"));
        assertEquals("application/vnd.brisk.logs+json", init.header("Content-Type"));
        JsonNode initEnvelope = Json.parse(init.body());
        assertEquals(Json.parse(initOk()), Json.parse(initEnvelope.get("body").asText()));
        assertTrue(initEnvelope.get("logs").isArray());

        String run = Json.write(runBody(Json.object().put("text", "héllo wörld 日本 🎉")));
        Exchange inline = exchange(c, "/run", run, true);
        assertEquals(200, inline.status(), inline.body());
        assertEquals("inline", inline.header("x-brisk-logs"), "header names are case-insensitive");
        JsonNode envelope = Json.parse(inline.body());
        assertFalse(envelope.get("truncated").asBoolean(true));
        List<String> lines = new ArrayList<>();
        envelope.get("logs").forEach(l -> lines.add(l.asText()));
        List<String> out = lines.stream().filter(l -> l.contains(" stdout: ")).toList();
        List<String> err = lines.stream().filter(l -> l.contains(" stderr: ")).toList();
        assertEquals(2, out.size(), lines.toString());
        assertTrue(out.get(0).matches(LOG_LINE.formatted("stdout", "hello")), out.get(0));
        assertTrue(out.get(1).matches(LOG_LINE.formatted("stdout", "héllo wörld 日本 🎉")), out.get(1));
        assertEquals(1, err.size(), lines.toString());
        assertTrue(err.get(0).matches(LOG_LINE.formatted("stderr", "oops")), err.get(0));
        assertEquals(' ', out.get(0).charAt(30), "the timestamp column is padded to 30 characters");
        assertTrue(lines.stream().noneMatch(l -> l.contains("XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX")), lines.toString());

        Exchange plain = exchange(c, "/run", run, false);
        assertEquals(200, plain.status());
        assertEquals(null, plain.header("X-Brisk-Logs"), "without the header nothing changes");
        assertEquals("application/json", plain.header("Content-Type"));
        assertEquals(plain.body(), envelope.get("body").asText(), "the unwrapped body is the usual one");
        assertEquals("héllo wörld 日本 🎉✓", Json.parse(plain.body()).get("text").asText());

        // the real streams still carry everything, sentinels included: one activation per call
        List<String> first = c.logs(1 << 20, true).lines();
        assertEquals(3, first.size(), first.toString());
        assertTrue(first.stream().anyMatch(l -> l.endsWith("stdout: héllo wörld 日本 🎉")), first.toString());
        List<String> second = c.logs(1 << 20, true).lines();
        assertEquals(3, second.size(), second.toString());

        Exchange bad = exchange(c, "/run", "{not json", true);
        assertEquals(Json.parse("{\"error\":\"Bad request.\"}"), Json.parse(Json.parse(bad.body()).get("body").asText()));
    }

    /** A raw HTTP answer; header names compared case-insensitively. */
    record Exchange(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** One POST on the container's socket, with or without {@code X-Brisk-Logs: inline}. */
    static Exchange exchange(ProcessContainer c, String path, String body, boolean inline) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + (inline ? "x-BRISK-logs: inline\r\n" : "")
                + "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(new ContainerLayout(c.directory()).controlSocket()))) {
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ch.write(ByteBuffer.wrap(content));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (ch.read(buffer) > 0) {
                response.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            String text = response.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, text);
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return new Exchange(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
        }
    }

    /** One HTTP/1.1 exchange on the container's socket, for requests the Container API cannot make. */
    static int raw(ProcessContainer c, String method, String path, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(new ContainerLayout(c.directory()).controlSocket()))) {
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ch.write(ByteBuffer.wrap(content));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (ch.read(buffer) > 0) {
                response.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            String text = response.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("\"error\":\"Bad request.\"") || text.contains("\"error\": \"Bad request.\""), text);
            return Integer.parseInt(text.split(" ")[1]);
        }
    }
}
