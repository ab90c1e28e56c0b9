package dev.brisk.testbed.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.testbed.support.hostile.HostileTenants;
import dev.brisk.testbed.support.hostile.HostileTenants.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-tenant suite on the production path of the process factory (nginx TLS, controller, CouchDB, Kafka,
 * two invokers running bubblewrap containers, network on): namespace B attacks the host, the platform and
 * namespace A with {@link HostileTenants}' probes, and this test checks on the host what only the host can see.
 * Memory, fork bombs, floods and hangs are {@link HostileActionsIT}'s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileTenantsIT {
    private static ProcessTestbed testbed;
    private static HostileTenants tenants;
    private static final List<Outcome> OUTCOMES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("hostile-tenants");
        testbed = ProcessTestbed.builder().workDir(work)
                .invokerProperty("brisk.invoker.container.network", "true")
                .invokerProperty("brisk.invoker.pause-grace", "PT1S")
                .invokerProperty("brisk.invoker.idle-timeout", "PT4S")
                .build().start();
        tenants = new HostileTenants(testbed.apiHost(), testbed.sslContext(), testbed.auth(), testbed.auth2());
        tenants.deploy();
    }

    @AfterAll
    static void stop() {
        OUTCOMES.forEach(o -> System.out.println("HOSTILE process " + o));
        if (testbed != null) {
            testbed.close();
        }
    }

    static void expectContained(Outcome outcome) {
        OUTCOMES.add(outcome);
        assertTrue(outcome.contained(), outcome.toString());
    }

    @Test
    @Order(1)
    void systemDirectoriesStayReadOnly() throws Exception {
        expectContained(tenants.system());
        try (Stream<Path> planted = Files.list(Path.of("/usr/share"))) {
            assertEquals(0, planted.filter(p -> p.getFileName().toString().startsWith("brisk-planted")).count());
        }
    }

    @Test
    @Order(2)
    void hostSecretsStayUnread() throws Exception {
        List<String> files = new ArrayList<>(List.of(
                "/proc/" + testbed.invoker(0).pid() + "/environ", "/proc/" + testbed.controller().pid() + "/cmdline",
                testbed.controller().logFile().toString(), System.getProperty("user.home") + "/.m2/settings.xml"));
        if (testbed.couch().localData().isPresent()) { // the store's files, when CouchDB runs on this host
            try (Stream<Path> store = Files.walk(testbed.couch().localData().get(), 1)) {
                store.filter(Files::isRegularFile).limit(5).forEach(p -> files.add(p.toString()));
            }
        }
        expectContained(tenants.secrets(files));
    }

    @Test
    @Order(3)
    void anotherTenantStaysUnseen() throws Exception {
        expectContained(tenants.otherTenant());
    }

    @Test
    @Order(4)
    void theControlChannelCannotBeRedirected() throws Exception {
        List<String> targets = new ArrayList<>();
        for (Path container : containerDirs()) {
            targets.add(container.resolve("control.sock").toString());
            targets.add(container.resolve("run/proxy.sock").toString());
        }
        assertFalse(targets.isEmpty(), "no warm container to aim at");
        expectContained(tenants.redirect(targets));
    }

    /** After an unclean stop of both invokers, their next start kills nothing the attacker named. */
    @Test
    @Order(5)
    void aPlantedPidKillsNothing() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "600").start();
        try {
            JsonNode planted = tenants.plantPid(bystander.pid());
            for (int i = 0; i < testbed.invokerCount(); i++) {
                testbed.invoker(i).kill();
                testbed.invoker(i).start();
            }
            JsonNode after = tenants.probe(true, "look", null); // the invokers serve again
            assertEquals("success", after.path("response").path("status").asText(), after.toString());
            boolean contained = bystander.isAlive();
            expectContained(new Outcome("plant a pid for the next invoker start to kill", contained,
                    "bystander pid " + bystander.pid() + (contained ? " alive" : " KILLED") + " after both invokers"
                            + " were killed and restarted; the action wrote " + planted.path("written")));
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    @Order(6)
    void fillingTheDiskLeavesTheHostsDiskAlone() throws Exception {
        long before = hostBytes();
        Outcome outcome = tenants.fillDisk(600);
        long after = hostBytes();
        expectContained(new Outcome(outcome.probe(), outcome.contained() && after - before < (1 << 20),
                outcome.detail() + "; the invokers' container directories grew by " + (after - before) + " bytes"));
    }

    /** A process left running is frozen with its container and ends with it; no other tenant ever meets it. */
    @Test
    @Order(7)
    void backgroundProcessesDoNotOutliveTheirContainer() throws Exception {
        String marker = "4321." + ProcessHandle.current().pid() % 1000;
        tenants.background(marker);
        assertTrue(running(marker) > 0, "the background process did not start");
        long deadline = System.nanoTime() + 30_000_000_000L; // idle timeout 4 s, then the container goes
        while (running(marker) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        long left = running(marker);
        expectContained(new Outcome("leave a background process running after the activation", left == 0,
                left == 0 ? "gone with its container (idle timeout 4 s)" : left + " still running"));
    }

    @Test
    @Order(8)
    void theInvokerCannotBeSignalled() throws Exception {
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < testbed.invokerCount(); i++) {
            pids.add(testbed.invoker(i).pid());
        }
        pids.add(testbed.controller().pid());
        expectContained(tenants.signal(pids));
        for (int i = 0; i < testbed.invokerCount(); i++) {
            assertTrue(testbed.invoker(i).isAlive(), "invoker" + i + " died");
        }
    }

    @Test
    @Order(9)
    void withNetworkOnTheInternalsStayClosed() throws Exception {
        Map<String, Map<String, Object>> targets = new LinkedHashMap<>();
        targets.put("kafka", Map.of("host", "127.0.0.1", "port", testbed.kafka().port()));
        targets.put("couchdb", Map.of("host", "127.0.0.1", "port", testbed.couch().port()));
        targets.put("controller (admin API)", Map.of("host", "127.0.0.1", "port", testbed.controller().port()));
        for (int i = 0; i < testbed.invokerCount(); i++) {
            targets.put("invoker" + i, Map.of("host", "127.0.0.1", "port", testbed.invoker(i).port()));
        }
        targets.put("public API (nginx)", Map.of("host", "127.0.0.1", "port", URI.create(testbed.apiHost()).getPort()));
        expectContained(tenants.network(targets, List.of("public API (nginx)")));
    }

    private static List<Path> containerDirs() throws IOException {
        Path shortDir = Path.of(Files.readString(testbed.workDir().resolve("short-dir")).trim());
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < testbed.invokerCount(); i++) {
            Path inv = shortDir.resolve("inv" + i);
            if (Files.isDirectory(inv)) {
                try (Stream<Path> list = Files.list(inv)) {
                    list.filter(Files::isDirectory).forEach(dirs::add);
                }
            }
        }
        return dirs;
    }

    private static long hostBytes() throws IOException {
        long total = 0;
        for (Path dir : containerDirs()) {
            try (Stream<Path> files = Files.walk(dir)) {
                total += files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            } catch (IOException | java.io.UncheckedIOException e) {
                // removed meanwhile
            }
        }
        return total;
    }

    private static long running(String marker) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).contains(marker);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
