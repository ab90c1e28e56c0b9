package dev.brisk.runtimes.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.brisk.runtimes.process.ProxyProtocolTest.TIMEOUT;
import static dev.brisk.runtimes.process.ProxyProtocolTest.initBody;
import static dev.brisk.runtimes.process.ProxyProtocolTest.runBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Node.js actions find the {@code openwhisk} client pre-installed, as in OpenWhisk's Node.js runtimes. */
class NodePackagesTest {
    /** The client's version OpenWhisk's nodejs:20 pins (core/nodejsActionBase/package.json). */
    static final String OPENWHISK_VERSION = "3.21.8";
    static final String USES_CLIENT = """
            const ow = require('openwhisk');
            function main() {
              const client = ow(); // configured from __OW_API_HOST and __OW_API_KEY
              return { hasClient: typeof ow === 'function', version: require('openwhisk/package.json').version,
                       canGet: typeof client.actions.get === 'function', from: require.resolve('openwhisk') };
            }""";

    Path work;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void workDir() throws IOException {
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "npk");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        try (Stream<Path> all = Files.walk(work)) { // the extracted packages are read-only
            all.forEach(p -> p.toFile().setWritable(true));
        }
        ProcessContainer.deleteTree(work);
    }

    ProcessContainerFactory factory(String sandbox, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("work-dir", work.resolve("c").toString());
        settings.put("sandbox", sandbox);
        ProcessContainerFactory f = new ProcessContainerFactory(settings);
        open.add(f);
        return f;
    }

    Container initialized(ProcessContainerFactory f, ObjectNode init) {
        var kind = RuntimeManifest.standard().resolve("nodejs:default").orElseThrow();
        Container c = f.create(new ContainerSpec("npk", kind, 256, Map.of("__OW_API_HOST", "http://127.0.0.1:9")));
        open.add(c::destroy);
        RuntimeResponse response = c.init(init, TIMEOUT);
        assertEquals(200, response.status(), response.body());
        return c;
    }

    static JsonNode run(Container c) {
        RuntimeResponse response = c.run(runBody(Json.object()), TIMEOUT);
        assertEquals(200, response.status(), response.body());
        return Json.parse(response.body());
    }

    void assertClient(ProcessContainerFactory f) {
        JsonNode result = run(initialized(f, initBody(USES_CLIENT)));
        assertTrue(result.path("hasClient").asBoolean(), result.toString());
        assertTrue(result.path("canGet").asBoolean(), result.toString());
        assertEquals(OPENWHISK_VERSION, result.path("version").asText(), result.toString());
        Path cache = work.resolve("c").toAbsolutePath();
        assertTrue(result.path("from").asText().startsWith(cache.toString() + "/node-packages-"), result.toString());
    }

    @Test
    void withoutSandbox() {
        assertClient(factory("none", Map.of()));
    }

    @Test
    void inBubblewrapReadOnly() {
        ProcessContainerFactory f = factory("auto", Map.of());
        assumeTrue(f.sandboxed(), "bubblewrap not usable here: " + f.sandboxStatus());
        assertClient(f);
        String tamper = """
                const fs = require('fs');
                function main() {
                  const file = require.resolve('openwhisk');
                  try { fs.appendFileSync(file, '// tampered'); return { wrote: true }; }
                  catch (e) { return { wrote: false, code: e.code }; }
                }""";
        JsonNode result = run(initialized(f, initBody(tamper)));
        assertFalse(result.path("wrote").asBoolean(), result.toString());
        // a read-only mount; an action's own uid meets the read-only permission bits first
        assertTrue(List.of("EROFS", "EACCES").contains(result.path("code").asText()), result.toString());
    }

    /** The client works from action code: it reads the action itself from the API host with the action's key. */
    @Test
    void theClientCallsTheApiHost() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        api.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"name\": \"act\", \"namespace\": \"guest\", \"version\": \"0.0.1\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        open.add(() -> api.stop(0));
        String host = "http://127.0.0.1:" + api.getAddress().getPort();
        var kind = RuntimeManifest.standard().resolve("nodejs:default").orElseThrow();
        // no sandbox: its network namespace is empty unless network=true, and then only the API's real port is open
        Container c = factory("none", Map.of()).create(new ContainerSpec("npk", kind, 256, Map.of("__OW_API_HOST", host)));
        open.add(c::destroy);
        String code = """
                const ow = require('openwhisk');
                async function main() {
                  const action = await ow().actions.get({ name: process.env.__OW_ACTION_NAME });
                  return { name: action.name, version: action.version };
                }""";
        assertEquals(200, c.init(initBody(code), TIMEOUT).status());
        JsonNode result = run(c);
        assertEquals("act", result.path("name").asText(), result.toString());
        assertEquals("0.0.1", result.path("version").asText(), result.toString());
        String basic = "Basic " + Base64.getEncoder().encodeToString("uuid:key".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("GET /api/v1/namespaces/guest/actions/act " + basic), seen);
    }

    @Test
    void anActionsOwnCopyWins() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var file : Map.of("index.js", "exports.main = () => ({ client: require('openwhisk') });",
                    "node_modules/openwhisk/package.json", "{\"name\": \"openwhisk\", \"main\": \"index.js\"}",
                    "node_modules/openwhisk/index.js", "module.exports = 'the action\\'s own';").entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        String code = Base64.getEncoder().encodeToString(bytes.toByteArray());
        JsonNode result = run(initialized(factory("auto", Map.of()), initBody(code, true, Json.object())));
        assertEquals("the action's own", result.path("client").asText(), result.toString());
    }

    @Test
    void extractedOnceAndKeptByCleanup() throws IOException {
        ProcessContainerFactory first = factory("none", Map.of());
        assertClient(first);
        Path cache;
        try (Stream<Path> dirs = Files.list(first.workDir())) {
            cache = dirs.filter(d -> NodePackages.CACHE_NAME.matcher(d.getFileName().toString()).matches())
                    .findFirst().orElseThrow();
        }
        Path client = cache.resolve("node_modules/openwhisk/package.json");
        for (Path p : List.of(client.getParent(), client)) { // root ignores these bits: the sandbox's mount is read-only too
            assertFalse(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)).contains("w"), p + " is writable");
        }
        long modified = Files.getLastModifiedTime(client).toMillis();
        first.cleanup();
        assertTrue(Files.exists(client), "cleanup removed the extracted packages");
        try (Stream<Path> dirs = Files.list(first.workDir())) {
            assertEquals(List.of(), dirs.filter(d -> d.getFileName().toString().startsWith("node-packages-staging"))
                    .toList(), "a staging directory was left behind");
        }
        open.clear(); // its containers first: a second factory of this JVM names its containers the same way
        first.close();
        ProcessContainerFactory second = factory("none", Map.of());
        assertClient(second);
        assertEquals(modified, Files.getLastModifiedTime(client).toMillis(), "the packages were extracted again");
        // removed behind its back (a /tmp cleaner, an older invoker's cleanup): extracted again
        try (Stream<Path> all = Files.walk(cache)) {
            all.forEach(p -> p.toFile().setWritable(true));
        }
        ProcessContainer.deleteTree(cache);
        assertClient(second);
        assertTrue(Files.exists(client), "not extracted again");
    }

    @Test
    void anotherDirectoryCanBeConfigured() throws IOException {
        Path mine = Files.createDirectories(work.resolve("mine/openwhisk"));
        Files.writeString(mine.resolve("index.js"), "module.exports = () => 'configured';");
        ProcessContainerFactory f = factory("auto", Map.of("node-modules", work.resolve("mine").toString()));
        JsonNode result = run(initialized(f, initBody("function main() { return { r: require('openwhisk')() }; }")));
        assertEquals("configured", result.path("r").asText(), result.toString());
        ProcessContainerFactory wrong = factory("none", Map.of("node-modules", work.resolve("absent").toString()));
        var kind = RuntimeManifest.standard().resolve("nodejs:default").orElseThrow();
        ContainerException e = assertThrows(ContainerException.class,
                () -> wrong.create(new ContainerSpec("npk", kind, 256, Map.of())));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void indexEntriesStayInside() {
        for (String ok : List.of("openwhisk/lib/main.js", "@scope/pkg/a b.js", "iconv-lite/.github/x.yml", "a/..b/c")) {
            assertTrue(NodePackages.isSafeEntry(ok), ok);
        }
        for (String bad : List.of("", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "..", ".",
                "a\\..\\b", "a/b\n")) {
            assertFalse(NodePackages.isSafeEntry(bad), bad);
        }
    }
}
