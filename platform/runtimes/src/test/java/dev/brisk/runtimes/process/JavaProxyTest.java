package dev.brisk.runtimes.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonObject;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java proxy through the process factory. Actions are compiled at test time with the JDK's compiler against Gson,
 * jarred and sent base64-encoded, as {@code wsk action create --main action.Main x.jar} would.
 */
class JavaProxyTest extends ProxyProtocolTest {
    private static final Map<String, String> JARS = new ConcurrentHashMap<>();

    @Override
    String kind() {
        return "java:default";
    }

    @Override
    String mainName() {
        return "action.Main";
    }

    @Override
    String initOk() {
        return "{\"OK\":true}";
    }

    /** A base64 jar holding {@code action.Main} with the given members. */
    static String action(String members) {
        return jar(Map.of("action/Main.java", """
                package action;
                import com.google.gson.*;
                public class Main {
                %s
                }""".formatted(members)), Map.of());
    }

    /** Compiles the sources (path → text) with --release 21 against Gson and jars the classes plus extra files. */
    static String jar(Map<String, String> sources, Map<String, String> resources) {
        String key = sources + "|" + resources;
        return JARS.computeIfAbsent(key, k -> {
            try {
                Path dir = Files.createTempDirectory(work, "javac");
                Path src = Files.createDirectories(dir.resolve("src"));
                Path out = Files.createDirectories(dir.resolve("out"));
                List<String> files = new ArrayList<>();
                for (var e : sources.entrySet()) {
                    Path file = src.resolve(e.getKey());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.getValue());
                    files.add(file.toString());
                }
                JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
                ByteArrayOutputStream errors = new ByteArrayOutputStream();
                List<String> args = new ArrayList<>(List.of("--release", "21", "-encoding", "UTF-8", "-nowarn",
                        "-cp", gsonJar().toString(), "-d", out.toString()));
                args.addAll(files);
                int status = javac.run(null, errors, errors, args.toArray(String[]::new));
                assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (JarOutputStream jar = new JarOutputStream(bytes); Stream<Path> classes = Files.walk(out)) {
                    for (Path c : classes.filter(Files::isRegularFile).toList()) {
                        jar.putNextEntry(new JarEntry(out.relativize(c).toString().replace('\\', '/')));
                        jar.write(Files.readAllBytes(c));
                    }
                    for (var r : resources.entrySet()) {
                        jar.putNextEntry(new JarEntry(r.getKey()));
                        jar.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                    }
                }
                return Base64.getEncoder().encodeToString(bytes.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Path gsonJar() {
        try {
            return Path.of(JsonObject.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    String echo() {
        return action("public static JsonObject main(JsonObject args) { return args; }");
    }

    @Override
    String throwsAtLoad() {
        return action("""
                static { if (true) throw new RuntimeException("load failed"); }
                public static JsonObject main(JsonObject args) { return args; }""");
    }

    @Override
    List<String> throwsAtLoadLogs() {
        return List.of("java.lang.RuntimeException: load failed"); // the stack trace of the initializer's exception
    }

    @Override
    List<String> throwsAtRunLogs() {
        return List.of("java.lang.IllegalStateException: Extraordinary exception");
    }

    @Override
    String appError() {
        return action("""
                public static JsonObject main(JsonObject args) {
                    JsonObject r = new JsonObject();
                    r.addProperty("error", "bad input");
                    return r;
                }""");
    }

    @Override
    String throwsAtRun() {
        return action("""
                public static JsonObject main(JsonObject args) {
                    throw new IllegalStateException("Extraordinary exception");
                }""");
    }

    @Override
    String throwsAtRunMessage() {
        return "An error has occurred (see logs for details): java.lang.IllegalStateException: Extraordinary exception";
    }

    @Override
    int thrownExceptionStatus() {
        return 502;
    }

    /** A JsonObject method cannot return a number: null is Java's way not to return a dictionary. */
    @Override
    String returnsNumber() {
        return action("public static JsonObject main(JsonObject args) { return null; }");
    }

    /** A JVM cannot set its environment: the proxy gives init env and __OW_* as system properties. */
    @Override
    String readsEnv() {
        return action("""
                static final String INIT = System.getProperty("INIT_VALUE"); // set before the class is loaded
                static String e(String key) {
                    String v = System.getProperty(key);
                    return v != null ? v : System.getenv(key);
                }
                public static JsonObject main(JsonObject args) {
                    JsonObject r = new JsonObject();
                    r.addProperty("id", e("__OW_ACTIVATION_ID"));
                    r.addProperty("ns", e("__OW_NAMESPACE"));
                    r.addProperty("deadline", e("__OW_DEADLINE"));
                    r.addProperty("init", INIT);
                    r.addProperty("number", e("NUMBER"));
                    r.addProperty("action", e("__OW_ACTION_NAME"));
                    r.addProperty("key", e("__OW_API_KEY"));
                    r.addProperty("host", e("__OW_API_HOST"));
                    return r;
                }""");
    }

    @Override
    String logs() {
        return action("""
                public static JsonObject main(JsonObject args) {
                    System.out.println("hello");
                    System.err.println("oops");
                    String text = args.get("text").getAsString();
                    System.out.print(text); // no newline: the proxy's flush ends the line before the sentinel
                    System.out.println();
                    JsonObject r = new JsonObject();
                    r.addProperty("text", text + "✓");
                    return r;
                }""");
    }

    @Override
    String manyLines() {
        return action("""
                public static JsonObject main(JsonObject args) {
                    for (int i = 0; i < args.get("n").getAsInt(); i++) System.out.println("x".repeat(100));
                    return new JsonObject();
                }""");
    }

    @Override
    String sleeps() {
        return action("""
                public static JsonObject main(JsonObject args) throws Exception {
                    Thread.sleep(60_000);
                    return args;
                }""");
    }

    @Override
    Map<String, String> zipFiles() {
        throw new UnsupportedOperationException("Java actions are jars: see jarWithHelperClassesAndResourcesRuns");
    }

    // ---- shared tests whose expectations differ for Java ----

    /** Java's main takes a JsonObject: an array of parameters cannot reach it. */
    @Test
    @Override
    void runEchoesParamsIncludingArrays() {
        Container c = initialized(echo());
        JsonNode params = Json.parse("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":1.5},\"e\":null,\"h\":\"<&>\"}");
        RuntimeResponse r = c.run(runBody(params), TIMEOUT);
        assertEquals(200, r.status());
        assertEquals(params, json(r));
        RuntimeResponse array = c.run(runBody(Json.parse("[1,2,3]")), TIMEOUT);
        assertEquals(502, array.status());
        assertTrue(json(array).get("error").asText().contains("must be a JSON object"), array.body());
    }

    /** No code or no main is 403 as elsewhere; a main naming a class the jar lacks is a failed init (502). */
    @Test
    @Override
    void emptyCodeOrMissingMainIs403() {
        RuntimeResponse empty = start().init(initFor(""), TIMEOUT);
        assertEquals(403, empty.status());
        assertEquals("Missing main/no code to execute.", json(empty).get("error").asText());
        RuntimeResponse noMain = start().init(initBody(echo(), "", true, Json.object()), TIMEOUT);
        assertEquals(403, noMain.status());
        assertEquals("Missing main/no code to execute.", json(noMain).get("error").asText());
        RuntimeResponse missing = start().init(initBody(echo(), "action.Nope", true, Json.object()), TIMEOUT);
        assertEquals(502, missing.status());
        assertEquals("Initialization has failed due to: java.lang.ClassNotFoundException: action.Nope",
                json(missing).get("error").asText());
    }

    @Test
    @Override
    void zipActionRuns() {
        jarWithHelperClassesAndResourcesRuns();
    }

    // ---- Java only ----

    @Test
    void javaDefaultIsJava21AndRequiresMain() {
        var kind = RuntimeManifest.standard().resolve("java:default").orElseThrow();
        assertEquals("java:21", kind.kind());
        assertTrue(kind.requireMain());
    }

    @Test
    void classHashMethodNamesTheEntryPoint() {
        String code = action("""
                public static JsonObject main(JsonObject args) { throw new AssertionError("not me"); }
                public static JsonObject niam(JsonObject args) {
                    JsonObject r = new JsonObject();
                    r.addProperty("sum", args.get("a").getAsInt() + args.get("b").getAsInt());
                    return r;
                }""");
        Container c = start();
        assertEquals(200, c.init(initBody(code, "action.Main#niam", true, Json.object()), TIMEOUT).status());
        RuntimeResponse r = c.run(runBody(Json.object().put("a", 2).put("b", 40)), TIMEOUT);
        assertEquals(200, r.status(), r.body());
        assertEquals(42, json(r).get("sum").asInt());

        RuntimeResponse none = start().init(initBody(code, "action.Main#other", true, Json.object()), TIMEOUT);
        assertEquals(502, none.status());
        assertTrue(json(none).get("error").asText()
                .startsWith("Initialization has failed due to: java.lang.NoSuchMethodException"), none.body());
    }

    @Test
    void classInTheDefaultPackageWorks() {
        String code = jar(Map.of("Hello.java", """
                import com.google.gson.JsonObject;
                public class Hello {
                    public static JsonObject main(JsonObject args) {
                        String name = args.has("name") ? args.get("name").getAsString() : "stranger";
                        JsonObject r = new JsonObject();
                        r.addProperty("greeting", "Hello " + name + "!");
                        return r;
                    }
                }"""), Map.of());
        Container c = start();
        assertEquals(200, c.init(initBody(code, "Hello", true, Json.object()), TIMEOUT).status());
        assertEquals("Hello Jöhn 日本!", json(c.run(runBody(Json.object().put("name", "Jöhn 日本")), TIMEOUT))
                .get("greeting").asText());
    }

    @Test
    void badJarIsAFailedInit() {
        String notAJar = Base64.getEncoder().encodeToString("not a jar".getBytes(StandardCharsets.UTF_8));
        RuntimeResponse r = start().init(initFor(notAJar), TIMEOUT);
        assertEquals(502, r.status());
        assertTrue(json(r).get("error").asText().startsWith("Initialization has failed due to: java.util.zip.ZipException"),
                r.body());
    }

    @Test
    void exceptionStackTraceGoesToStderr() {
        Container c = initialized(throwsAtRun());
        RuntimeResponse r = c.run(runBody(Json.object()), TIMEOUT);
        assertEquals(502, r.status());
        List<String> lines = c.logs(1 << 20, true).lines();
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(
                "stderr: java.lang.IllegalStateException: Extraordinary exception")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("stderr: \tat action.Main.main(Main.java")), lines.toString());
        // the container stays usable
        assertEquals(502, c.run(runBody(Json.object()), TIMEOUT).status());
    }

    @Test
    void stateSurvivesBetweenRunsAndHeapIsBoundedByTheMemoryLimit() {
        Container c = initialized(action("""
                static int count;
                public static JsonObject main(JsonObject args) {
                    JsonObject r = new JsonObject();
                    r.addProperty("count", ++count);
                    r.addProperty("maxMemory", Runtime.getRuntime().maxMemory());
                    r.addProperty("java", Runtime.version().feature());
                    return r;
                }"""));
        json(c.run(runBody(Json.object()), TIMEOUT));
        JsonNode second = json(c.run(runBody(Json.object()), TIMEOUT));
        assertEquals(2, second.get("count").asInt());
        assertTrue(second.get("maxMemory").asLong() <= 256L * 1024 * 1024, second.toString());
        assertTrue(second.get("java").asInt() >= 21, second.toString());
    }

    void jarWithHelperClassesAndResourcesRuns() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("action/Main.java", """
                package action;
                import com.google.gson.*;
                public class Main {
                    public static JsonObject main(JsonObject args) throws Exception {
                        JsonObject r = new JsonObject();
                        r.addProperty("zipped", Helper.yes());
                        try (var in = Thread.currentThread().getContextClassLoader().getResourceAsStream("data/greeting.txt")) {
                            r.addProperty("resource", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                        r.add("parsed", new Gson().fromJson("{\\"k\\":[1,2]}", JsonObject.class));
                        return r;
                    }
                }""");
        sources.put("action/Helper.java", "package action; class Helper { static boolean yes() { return true; } }");
        String code = jar(sources, Map.of("data/greeting.txt", "grüß dich"));
        Container c = start();
        RuntimeResponse init = c.init(initFor(code), TIMEOUT);
        assertEquals(200, init.status(), init.body());
        JsonNode result = json(c.run(runBody(Json.object()), TIMEOUT));
        assertTrue(result.get("zipped").asBoolean(), result.toString());
        assertEquals("grüß dich", result.get("resource").asText());
        assertEquals(2, result.get("parsed").get("k").get(1).asInt());
    }

    @Test
    void classPathIsTheProxyJarAndGson() {
        List<Path> cp = factory.javaClassPath();
        assertEquals(2, cp.size(), cp.toString());
        cp.forEach(p -> assertTrue(Files.exists(p), p.toString()));
        assertTrue(cp.get(1).getFileName().toString().startsWith("gson"), cp.toString());
    }

    /** The setting java-classpath wins; jars the sandbox would hide (here under /tmp) are bound into it read-only. */
    @Test
    void configuredClassPathOutsideTheSandboxViewIsBoundIn() throws Exception {
        Path libs = Files.createDirectories(work.resolve("libs"));
        List<String> copies = new ArrayList<>();
        for (Path jar : factory.javaClassPath()) {
            Path copy = libs.resolve(Files.isDirectory(jar) ? "proxy-classes" : jar.getFileName().toString());
            if (Files.isDirectory(jar)) {
                try (Stream<Path> files = Files.walk(jar)) {
                    for (Path f : files.toList()) {
                        Path target = copy.resolve(jar.relativize(f).toString());
                        if (Files.isDirectory(f)) Files.createDirectories(target); else Files.copy(f, target);
                    }
                }
            } else {
                Files.copy(jar, copy);
            }
            copies.add(copy.toString());
        }
        try (ProcessContainerFactory own = new ProcessContainerFactory(Map.of("work-dir", work.resolve("c2").toString(),
                "java-classpath", String.join(":", copies)))) {
            assertEquals(copies, own.javaClassPath().stream().map(Path::toString).toList());
            var kind = RuntimeManifest.standard().resolve("java:21").orElseThrow();
            Container c = own.create(new dev.brisk.core.container.ContainerSpec("cp", kind, 128, Map.of()));
            assertEquals(200, c.init(initFor(echo()), TIMEOUT).status());
            assertEquals(7, json(c.run(runBody(Json.object().put("v", 7)), TIMEOUT)).get("v").asInt());
        }
    }

    /** Without __OW_PROXY_SOCKET the proxy listens on TCP $PORT (at $__OW_PROXY_HOST), as in a Docker image. */
    @Test
    void proxyListensOnTcpPortWithoutASocket() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String cp = factory.javaClassPath().stream().map(Path::toString).collect(Collectors.joining(":"));
        Path dir = Files.createTempDirectory(work, "tcp");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, ProcessContainerFactory.JAVA_PROXY_CLASS).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("__OW_PROXY_SOCKET");
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("__OW_PROXY_HOST", "127.0.0.3");
        Process p = pb.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            ObjectNode initBody = initFor(echo());
            HttpResponse<String> init = null;
            for (long end = System.nanoTime() + 10_000_000_000L; init == null && System.nanoTime() < end; ) {
                try {
                    init = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.3:" + port + "/init"))
                            .timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString(Json.write(initBody))).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.net.ConnectException e) {
                    Thread.sleep(50);
                }
            }
            assertEquals(200, init.statusCode(), init.body());
            assertEquals("{\"OK\":true}", init.body());
            HttpResponse<String> run = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.3:" + port + "/run"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\":{\"x\":\"ü\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, run.statusCode());
            assertEquals("{\"x\":\"ü\"}", run.body());
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.3:" + port + "/run"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, get.statusCode());
            HttpResponse<String> inline = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.3:" + port + "/run"))
                    .header("X-Brisk-Logs", "inline")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\":{\"x\":\"ü\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, inline.statusCode());
            assertEquals("inline", inline.headers().firstValue("x-brisk-logs").orElse(null));
            assertEquals("application/vnd.brisk.logs+json", inline.headers().firstValue("content-type").orElse(null));
            JsonNode envelope = Json.parse(inline.body());
            assertEquals("{\"x\":\"ü\"}", envelope.get("body").asText());
            assertEquals(0, envelope.get("logs").size());
        } finally {
            p.destroyForcibly();
        }
    }
}
