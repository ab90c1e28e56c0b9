package dev.brisk.testbed.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests a fuzzer or an attacker sends, on raw sockets where a client library would tidy them: each gets one
 * answer in OpenWhisk's error shape that the client can read, nothing of it is stored under another name, and no
 * byte of a refused body is ever taken for a request.
 */
class HostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3})");
    private static StandaloneTestbed testbed;
    private static int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory("brisk-hostile-input");
        testbed = new StandaloneTestbed(Path.of(System.getProperty("brisk.standalone.jar")), work.resolve("data"),
                Path.of(System.getProperty("brisk.reports")).resolve("hostile-input.log")).start();
        port = URI.create(testbed.apiHost()).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (testbed != null) {
            testbed.close();
        }
    }

    /** What the server wrote back until it closed or went quiet, and whether writing the request failed. */
    record Exchange(String answer, String sendFailure) {
        List<String> statuses() {
            Matcher m = STATUS.matcher(answer);
            List<String> all = new java.util.ArrayList<>();
            while (m.find()) {
                all.add(m.group(1));
            }
            return all;
        }

        String body() {
            int at = answer.indexOf("\r\n\r\n");
            return at < 0 ? "" : answer.substring(at + 4);
        }
    }

    static Exchange raw(String method, String path, String auth, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + (auth == null ? "" : "Authorization: Basic "
                    + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)) + "\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            String failure = null;
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                failure = e.toString();
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException quiet) {
                // keep-alive: the server waits for the next request
            }
            return new Exchange(answer.toString(StandardCharsets.UTF_8), failure);
        }
    }

    static void assertErrorShape(Exchange e, String what) throws IOException {
        JsonNode error = JSON.readTree(e.body());
        assertTrue(error.hasNonNull("error") && error.hasNonNull("code"), what + ": " + e.body());
    }

    @Test
    void longRequestLinesGetAnAnswerInTheErrorShapeThatTheClientReads() throws Exception {
        byte[] body = "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"function main(){}\"}}".getBytes(StandardCharsets.UTF_8);
        for (int length : new int[] {3_000, 5_000, 9_000, 60_000}) {
            Exchange e = raw("PUT", "/api/v1/namespaces/_/actions/" + "a".repeat(length), testbed.auth(), body);
            assertEquals(null, e.sendFailure(), length + ": the client could not send its request");
            assertEquals(List.of("400"), e.statuses(), length + ": " + e.answer());
            assertErrorShape(e, length + "-character name");
            assertTrue(e.body().contains("Name segement longer than allowed"), e.body());
        }
    }

    /** Refused before its body is read (no credentials): one answer, and the body never parsed as a request. */
    @Test
    void aRefusedBodyIsNeverTakenForTheNextRequest() throws Exception {
        byte[] smuggled = "\r\nGET /api/v1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int size : new int[] {100, 10_000, 300_000, 5_000_000, 70_000_000}) {
            byte[] body = new byte[size];
            java.util.Arrays.fill(body, (byte) 'x');
            System.arraycopy(smuggled, 0, body, 0, smuggled.length);
            System.arraycopy(smuggled, 0, body, size / 2 - smuggled.length, smuggled.length);
            Exchange e = raw("PUT", "/api/v1/namespaces/_/actions/smuggler", null, body);
            assertEquals(null, e.sendFailure(), size + ": the client could not send its body");
            assertEquals(List.of("401"), e.statuses(), size + "-byte body: " + e.answer().substring(0,
                    Math.min(600, e.answer().length())));
            assertErrorShape(e, size + "-byte body");
        }
    }

    @Test
    void aSemicolonIsPartOfTheNameAndNoNameHasOne() throws Exception {
        byte[] body = "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"function main(){return {}}\"}}".getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/api/v1/namespaces/_/actions/semi;rm", "/api/v1/namespaces/_/packages/semi;x",
                "/api/v1/namespaces/_/triggers/semi;x", "/api/v1/namespaces/_/rules/semi;x",
                "/api/v1/namespaces/_;x/actions/semi", "/api/v1/namespaces/_/actions/semipkg;x/semi")) {
            Exchange e = raw("PUT", path, testbed.auth(), body);
            assertEquals(List.of("400"), e.statuses(), path + ": " + e.answer());
            assertTrue(e.body().contains("The name of the entity contains illegal characters."), path + ": " + e.body());
        }
        for (String collection : List.of("actions", "packages", "triggers", "rules")) {
            assertEquals(404, call("GET", "/" + collection + "/semi", null).statusCode(), collection + "/semi was stored");
        }
    }

    @Test
    void actionsAreToldTheApiHostThePlatformListensOn() throws Exception {
        assertEquals(200, call("PUT", "/actions/apihost", """
                {"exec":{"kind":"nodejs:default","code":"function main(){return {host: process.env.__OW_API_HOST}}"}}
                """).statusCode());
        HttpResponse<String> r = call("POST", "/actions/apihost?blocking=true&result=true", "{}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("http://localhost:" + port, JSON.readTree(r.body()).path("host").asText(), "port " + port);
    }

    @Test
    void aSeventyMegabyteResultIsTheResultTooLargeError() throws Exception {
        assertEquals(200, call("PUT", "/actions/huge-result", """
                {"exec":{"kind":"nodejs:default","code":"function main(p){return {big: 'x'.repeat(p.mb * 1048576)}}"},
                 "limits":{"memory":512}}
                """).statusCode());
        for (int mb : new int[] {5, 70}) {
            HttpResponse<String> r = call("POST", "/actions/huge-result?blocking=true", "{\"mb\":" + mb + "}");
            JsonNode response = JSON.readTree(r.body()).path("response");
            assertEquals("application error", response.path("status").asText(), mb + " MB: " + response);
            assertTrue(response.path("result").path("error").asText()
                    .startsWith("The action produced a response that exceeded the allowed length: "), mb + " MB");
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(testbed.apiHost() + "/api/v1/namespaces/_" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        testbed.auth().getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
