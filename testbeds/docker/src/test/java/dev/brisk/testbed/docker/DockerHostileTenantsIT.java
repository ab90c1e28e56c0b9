package dev.brisk.testbed.docker;

import dev.brisk.testbed.support.hostile.HostileTenants;
import dev.brisk.testbed.support.hostile.HostileTenants.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hostile-tenant suite against the Docker testbed (nginx TLS, controller, CouchDB, Kafka, Docker-in-Docker
 * invokers whose action containers have the network, as in OpenWhisk): namespace B attacks the platform and
 * namespace A with {@link HostileTenants}' probes, one run of them all, every outcome asserted.
 */
@ExtendWith(SharedDockerTestbed.class)
class DockerHostileTenantsIT {
    private static final List<Outcome> OUTCOMES = new ArrayList<>();

    @AfterAll
    static void report() {
        OUTCOMES.forEach(o -> System.out.println("HOSTILE docker " + o));
    }

    @Test
    void everyProbeIsContained(DockerTestbed testbed) throws Exception {
        HostileTenants tenants = new HostileTenants(testbed.apiHost(), testbed.sslContext(), testbed.auth(), testbed.auth2());
        tenants.deploy();
        OUTCOMES.add(tenants.system());
        OUTCOMES.add(tenants.secrets(List.of("/var/lib/docker", "/proc/1/root/etc/shadow")));
        OUTCOMES.add(tenants.otherTenant());
        OUTCOMES.add(tenants.redirect(List.of("/var/run/docker.sock", "/run/docker.sock")));
        OUTCOMES.add(tenants.fillDisk(600));
        Map<String, Map<String, Object>> targets = new LinkedHashMap<>();
        targets.put("kafka", Map.of("host", testbed.internalAddress("kafka"), "port", 9092));
        targets.put("couchdb", Map.of("host", testbed.internalAddress("couchdb"), "port", 5984));
        targets.put("controller (admin API)", Map.of("host", testbed.internalAddress("controller"), "port", 3233));
        for (int i = 0; i < testbed.invokerCount(); i++) {
            targets.put("invoker" + i, Map.of("host", testbed.internalAddress("invoker" + i), "port", 8081));
        }
        targets.put("public API (nginx)", Map.of("host", testbed.internalAddress("nginx"), "port", 443));
        OUTCOMES.add(tenants.network(targets, List.of("public API (nginx)")));
        List<Outcome> escaped = OUTCOMES.stream().filter(o -> !o.contained()).toList();
        assertEquals(List.of(), escaped, "probes that got through");
    }
}
