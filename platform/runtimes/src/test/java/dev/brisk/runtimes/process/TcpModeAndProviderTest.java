package dev.brisk.runtimes.process;

import dev.brisk.core.container.ContainerFactoryProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpModeAndProviderTest {
    @Test
    void providerIsRegisteredAsProcess() {
        var provider = ServiceLoader.load(ContainerFactoryProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("process")).findFirst().orElseThrow();
        try (var factory = provider.create(Map.of("sandbox", "none"))) {
            assertTrue(factory instanceof ProcessContainerFactory);
        }
    }

    /** Without __OW_PROXY_SOCKET the proxies listen on TCP $PORT (at $__OW_PROXY_HOST), as in a Docker image. */
    @ParameterizedTest
    @CsvSource({"nodejs,proxy.js,node,OK", "python,proxy.py,python3,ok"})
    void proxyListensOnTcpPortWithoutASocket(String family, String file, String interpreter, String okKey,
                                             @TempDir Path dir) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/dev/brisk/runtimes/" + family + "/" + file)) {
            Files.copy(in, dir.resolve(file));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(interpreter, file).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("__OW_PROXY_SOCKET");
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("__OW_PROXY_HOST", "127.0.0.3"); // a bind address of its own, as each test pod gets
        Process p = pb.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            String body = "{\"value\":{\"code\":" + (family.equals("nodejs")
                    ? "\"function main(p) { return p; }\"" : "\"def main(a):\\n    return a\\n\"") + "}}";
            HttpResponse<String> init = null;
            for (long end = System.nanoTime() + 10_000_000_000L; init == null && System.nanoTime() < end; ) {
                try {
                    init = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.3:" + port + "/init"))
                            .timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.net.ConnectException e) {
                    Thread.sleep(50);
                }
            }
            assertEquals(200, init.statusCode());
            assertEquals("{\"" + okKey + "\":true}", init.body().replace(" ", ""));
            HttpResponse<String> run = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.3:" + port + "/run"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\":{\"x\":1}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, run.statusCode());
            assertEquals("{\"x\":1}", run.body().replace(" ", ""));
        } finally {
            p.destroyForcibly();
        }
    }
}
