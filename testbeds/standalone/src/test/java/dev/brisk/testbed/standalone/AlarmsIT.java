package dev.brisk.testbed.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brisk.testbed.support.Testbed;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alarms feed on the standalone, driven as `wsk trigger create --feed /whisk.system/alarms/alarm` drives it
 * (FEED-001): a trigger with the feed annotation, then a blocking invoke of the feed action with CREATE. A per-second
 * cron schedule fires the trigger and its rule's action gets the payload; the schedule survives a restart of the
 * standalone on the same data (FEED-011: it goes on from the next tick); another tenant's key can neither create,
 * read, update nor delete an alarm of this trigger (FEED-010); DELETE stops the fires (FEED-009).
 */
class AlarmsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEED = "/namespaces/whisk.system/actions/alarms/alarm?blocking=true&result=true";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPerSecondAlarmFiresSurvivesARestartIsTheOwnersAloneAndStopsWhenDeleted() throws Exception {
        Path work = Files.createTempDirectory("brisk-standalone-alarms");
        Path reports = Path.of(System.getProperty("brisk.reports"));
        Path jar = Path.of(System.getProperty("brisk.standalone.jar"));
        String admin = "admin:" + "a".repeat(40);
        String guest = Testbed.GUEST_KEY;
        try (StandaloneTestbed testbed = new StandaloneTestbed(jar, work.resolve("data"), reports.resolve("alarms-1.log"))
                .withArgs("-Dbrisk.admin.auth=" + admin).start()) {
            assertEquals(200, call(testbed, guest, "PUT", "/namespaces/_/triggers/every-second",
                    "{\"annotations\":[{\"key\":\"feed\",\"value\":\"/whisk.system/alarms/alarm\"}]}").statusCode());
            assertEquals(200, call(testbed, guest, "PUT", "/namespaces/_/actions/on-tick",
                    "{\"exec\":{\"kind\":\"nodejs:default\",\"code\":\"function main(p) { return p; }\"}}").statusCode());
            assertEquals(200, call(testbed, guest, "PUT", "/namespaces/_/rules/tick-rule",
                    "{\"trigger\":\"/_/every-second\",\"action\":\"/_/on-tick\"}").statusCode());

            // another tenant with a key of its own may not attach an alarm to guest's trigger
            HttpResponse<String> tenant = http.send(HttpRequest.newBuilder(URI.create(testbed.apiHost()
                    + "/admin/v1/namespaces/mallory")).header("Authorization", basic(admin))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, tenant.statusCode(), tenant.body());
            String mallory = JSON.readTree(tenant.body()).path("auth").asText();
            String stolen = lifecycle(testbed, mallory, "CREATE", "/guest/every-second", mallory,
                    ",\"cron\":\"*/1 * * * * *\"");
            assertTrue(stolen.contains("Trigger authentication request failed."), stolen);

            String created = lifecycle(testbed, guest, "CREATE", "/_/every-second", guest,
                    ",\"cron\":\"*/1 * * * * *\",\"trigger_payload\":{\"greeting\":\"tick\"}");
            assertEquals("{\"status\":\"success\"}", created);
            long fired = awaitFires(testbed, guest, 3, Duration.ofSeconds(15));
            JsonNode last = JSON.readTree(call(testbed, guest, "GET",
                    "/namespaces/_/activations?name=on-tick&limit=1&docs=true", "").body()).get(0);
            assertEquals("tick", last.path("response").path("result").path("greeting").asText(), last.toString());

            String readByOther = lifecycle(testbed, mallory, "READ", "/guest/every-second", mallory, "");
            assertTrue(readByOther.contains("Trigger authentication request failed."), readByOther);
            String updateByOther = lifecycle(testbed, mallory, "UPDATE", "/guest/every-second", mallory,
                    ",\"cron\":\"0 0 1 1 *\"");
            assertTrue(updateByOther.contains("Trigger authentication request failed."), updateByOther);
            // the feed names a trigger of the caller's own namespace (FEED-005), which has no alarm: guest's stays
            String deleteByOther = lifecycle(testbed, mallory, "DELETE", "/guest/every-second", mallory, "");
            assertTrue(deleteByOther.contains("could not find trigger /mallory/every-second in the database"),
                    deleteByOther);
            assertTrue(fired >= 3);
        }

        // a restart on the same data: the alarm goes on from its next tick
        try (StandaloneTestbed testbed = new StandaloneTestbed(jar, work.resolve("data"), reports.resolve("alarms-2.log"))
                .start()) {
            long before = count(testbed, guest, "every-second");
            awaitFires(testbed, guest, before + 2, Duration.ofSeconds(15));
            JsonNode read = JSON.readTree(lifecycle(testbed, guest, "READ", "/_/every-second", guest, ""));
            assertEquals("*/1 * * * * *", read.path("config").path("cron").asText(), read.toString());
            assertTrue(read.path("status").path("active").asBoolean(), read.toString());

            assertEquals("{\"status\":\"success\"}", lifecycle(testbed, guest, "DELETE", "/_/every-second", guest, ""));
            Thread.sleep(1500); // a fire claimed just before the delete may still be recorded
            long afterDelete = count(testbed, guest, "every-second");
            Thread.sleep(3000);
            assertEquals(afterDelete, count(testbed, guest, "every-second"), "no fire after DELETE");
        }
    }

    private String lifecycle(StandaloneTestbed testbed, String caller, String event, String trigger, String authKey,
                             String more) throws Exception {
        return call(testbed, caller, "POST", FEED, "{\"lifecycleEvent\":\"" + event + "\",\"triggerName\":\"" + trigger
                + "\",\"authKey\":\"" + authKey + "\"" + more + "}").body();
    }

    private long awaitFires(StandaloneTestbed testbed, String key, long atLeast, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long n;
        while ((n = count(testbed, key, "every-second")) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertTrue(n >= atLeast, "fires of the trigger: " + n + ", expected at least " + atLeast + " within " + within);
        return n;
    }

    private long count(StandaloneTestbed testbed, String key, String name) throws Exception {
        HttpResponse<String> r = call(testbed, key, "GET", "/namespaces/_/activations?count=true&name=" + name, "");
        return JSON.readTree(r.body()).path("activations").asLong();
    }

    private HttpResponse<String> call(StandaloneTestbed testbed, String key, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(testbed.apiHost() + "/api/v1" + path))
                .header("Authorization", basic(key)).timeout(Duration.ofSeconds(30));
        if (!body.isEmpty()) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }
}
