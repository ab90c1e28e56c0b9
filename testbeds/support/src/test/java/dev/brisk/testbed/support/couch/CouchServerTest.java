package dev.brisk.testbed.support.couch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 5, unit = TimeUnit.MINUTES) // the first run installs pouchdb-server from npm
class CouchServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private HttpResponse<String> send(CouchServer couch, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(couch.url() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", couch.basicAuth())
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void dataSurvivesRestartOnTheSameDirectory() throws Exception {
        Path data = dir.resolve("data");
        try (CouchServer couch = CouchServer.start(data)) {
            assertTrue(couch.isRunning());
            assertTrue(couch.url().startsWith("http://127.0.0.1:"), couch.url());
            assertEquals(CouchServer.DEFAULT_USERNAME, couch.username());
            assertEquals(200, send(couch, "GET", "/", null).statusCode());
            assertEquals(201, send(couch, "PUT", "/brisk_server_test", null).statusCode());
            HttpResponse<String> put = send(couch, "PUT", "/brisk_server_test/guest%2Fhello", "{\"x\":1}");
            assertEquals(201, put.statusCode(), put.body());
            // the compatibility patch: the ETag of a document is its revision, as in CouchDB
            HttpResponse<String> get = send(couch, "GET", "/brisk_server_test/guest%2Fhello", null);
            assertEquals(200, get.statusCode());
            assertTrue(get.body().contains("\"_id\":\"guest/hello\""), get.body());
            String rev = get.body().strip().replaceAll("(?s).*\"_rev\":\"([^\"]+)\".*", "$1");
            assertEquals("\"" + rev + "\"", get.headers().firstValue("ETag").orElse(""));
        }
        assertTrue(Files.exists(data.resolve("config.json")));

        try (CouchServer again = CouchServer.start(data)) {
            assertEquals(200, send(again, "GET", "/brisk_server_test", null).statusCode());
            HttpResponse<String> get = send(again, "GET", "/brisk_server_test/guest%2Fhello", null);
            assertEquals(200, get.statusCode(), get.body());
            assertTrue(get.body().contains("\"x\":1"), get.body());
        }
    }

    /** As CouchDB 3's admin-only databases: nothing is read or written without the admin's credentials. */
    @Test
    void requestsWithoutCredentialsAreRefused() throws Exception {
        try (CouchServer couch = CouchServer.start(dir.resolve("anon"))) {
            assertEquals(201, send(couch, "PUT", "/brisk_anon_test", null).statusCode());
            assertEquals(201, send(couch, "PUT", "/brisk_anon_test/secret", "{\"key\":\"k\"}").statusCode());
            HttpClient anonymous = HttpClient.newHttpClient();
            for (String[] attempt : new String[][] {{"GET", "/brisk_anon_test/secret"}, {"GET", "/brisk_anon_test"},
                    {"GET", "/_all_dbs"}, {"PUT", "/brisk_anon_test/planted"}, {"PUT", "/brisk_anon_new"},
                    {"GET", "/brisk_anon_test/_all_docs?include_docs=true"}}) {
                HttpResponse<String> r = anonymous.send(HttpRequest.newBuilder(URI.create(couch.url() + attempt[1]))
                        .method(attempt[0], attempt[0].equals("PUT") ? HttpRequest.BodyPublishers.ofString("{}")
                                : HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, r.statusCode(), attempt[0] + " " + attempt[1] + ": " + r.body());
                assertFalse(r.body().contains("\"key\""), r.body());
            }
            assertEquals(200, anonymous.send(HttpRequest.newBuilder(URI.create(couch.url() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "the welcome answers anyone, as CouchDB's");
            assertEquals(404, send(couch, "GET", "/brisk_anon_test/planted", null).statusCode());
        }
    }

    @Test
    void killedServerRestartsOnTheSamePortWithItsData() throws Exception {
        CouchServer couch = CouchServer.start(dir.resolve("data"));
        try {
            assertEquals(201, send(couch, "PUT", "/brisk_kill_test", null).statusCode());
            assertEquals(201, send(couch, "PUT", "/brisk_kill_test/a", "{\"y\":2}").statusCode());
            int port = couch.port();
            couch.kill();
            assertFalse(couch.isRunning());
            assertThrows(IOException.class, () -> send(couch, "GET", "/", null));
            couch.restart();
            assertEquals(port, couch.port());
            HttpResponse<String> get = send(couch, "GET", "/brisk_kill_test/a", null);
            assertEquals(200, get.statusCode(), get.body());
            assertTrue(get.body().contains("\"y\":2"), get.body());
        } finally {
            couch.stop();
        }
        assertFalse(couch.isRunning());
    }

    @Test
    void mainRunsInTheForegroundAndPrintsTheUrl() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CouchServer.class.getName(),
                "--data", dir.resolve("main-data").toString(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String url = null;
            long pid = -1;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("COUCH_URL=")) {
                    url = line.substring("COUCH_URL=".length());
                }
                if (line.startsWith("COUCH_PID=")) {
                    pid = Long.parseLong(line.substring("COUCH_PID=".length()));
                    break;
                }
            }
            assertNotNull(url);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            assertTrue(child.isAlive());

            p.destroy(); // SIGTERM to the JVM: its shutdown hook stops pouchdb-server
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            child.onExit().get(15, TimeUnit.SECONDS);
            assertFalse(child.isAlive());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void installIsIdempotent() {
        Path install = CouchServer.defaultInstallDir();
        CouchServer.install(install);
        CouchServer.install(install);
        assertTrue(Files.isRegularFile(install.resolve("node_modules/pouchdb-server/bin/pouchdb-server")));
    }
}
