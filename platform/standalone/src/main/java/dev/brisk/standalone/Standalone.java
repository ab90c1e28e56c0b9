package dev.brisk.standalone;

import dev.brisk.controller.auth.SubjectSeeder;
import io.helidon.microprofile.server.Server;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Starts the whole platform in this JVM: the controller's REST API, an invoker running actions as sandboxed child
 * processes, the in-process bus and the embedded store under {@code ~/.brisk/standalone} (kept across restarts).
 * Any setting can be overridden with {@code -Dkey=value} or an environment variable (MicroProfile Config).
 */
public final class Standalone {
    private Standalone() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        Server server = Server.create().start();
        String host = "0.0.0.0".equals(server.host()) ? "localhost" : server.host();
        String url = "http://" + host + ":" + server.port();
        var config = ConfigProvider.getConfig();
        String guestKey = config.getOptionalValue("brisk.subjects.guest-key", String.class)
                .orElse(SubjectSeeder.GUEST_KEY);
        System.out.printf("""

                Brisk is ready on %s (%d ms)
                  data:      %s
                  namespace: guest
                  auth:      %s

                  wsk property set --apihost %s --auth %s
                  curl -u %s %s/api/v1/namespaces
                %n""", url, (System.nanoTime() - started) / 1_000_000, config.getOptionalValue("brisk.store.path",
                        String.class).orElse("(not kept)"), guestKey, url, guestKey, guestKey, url);
        System.out.println("BRISK_APIHOST=" + url);
        System.out.println("BRISK_AUTH=" + guestKey);
        System.out.flush();
    }
}
