package dev.brisk.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.brisk.deploy.RenderedChart.container;
import static dev.brisk.deploy.RenderedChart.env;
import static dev.brisk.deploy.RenderedChart.envValue;
import static dev.brisk.deploy.RenderedChart.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Helm chart (helm/brisk), linted and rendered in-process by Helm through helm-java, with the seed
 * values verbatim (mycluster.yaml) and with external Kafka/CouchDB; every object parses into fabric8's model.
 */
class ChartTest {
    private static RenderedChart seed;
    private static RenderedChart external;

    @BeforeAll
    static void render() {
        seed = RenderedChart.render("mycluster.yaml", Map.of());
        external = RenderedChart.render("external-services.yaml", Map.of());
    }

    @Test
    void lintPasses() {
        LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();
        assertFalse(lint.isFailed(), "helm lint --strict: " + lint.getMessages());
    }

    @Test
    void seedValuesRenderTheWholePlatform() {
        Set<String> objects = seed.objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.toSet());
        for (String expected : List.of("Deployment/" + name("controller"), "Service/" + name("controller"),
                "StatefulSet/" + name("invoker"), "Service/" + name("invoker"), "ServiceAccount/" + name("invoker"),
                "Role/" + name("invoker"), "RoleBinding/" + name("invoker"),
                "Deployment/" + name("nginx"), "Service/" + name("nginx"), "ConfigMap/" + name("nginx"),
                "Secret/" + name("nginx-tls"), "StatefulSet/" + name("couchdb"), "Service/" + name("couchdb"),
                "StatefulSet/" + name("kafka"), "Service/" + name("kafka"), "Job/" + name("init-r1"),
                "Secret/" + name("auth"), "Secret/" + name("db-generated"))) {
            assertTrue(objects.contains(expected), expected + " missing from " + objects);
        }
    }

    @Test
    void defaultImagesAndTheirPlacement() {
        Map<String, PodTemplateSpec> pods = seed.podTemplates();
        assertEquals("brisk/controller:0.1.0", container(pods.get(name("controller")).getSpec(), "controller").getImage());
        assertEquals("brisk/invoker:0.1.0", container(pods.get(name("invoker")).getSpec(), "invoker").getImage());
        assertEquals("couchdb:3", container(pods.get(name("couchdb")).getSpec(), "couchdb").getImage());
        assertTrue(container(pods.get(name("kafka")).getSpec(), "kafka").getImage().startsWith("apache/kafka:"));
        assertTrue(container(pods.get(name("nginx")).getSpec(), "nginx").getImage().startsWith("nginx:"));
        for (var entry : pods.entrySet()) {
            String role = entry.getKey().equals(name("invoker")) ? "invoker" : "core";
            assertEquals(List.of("openwhisk-role In [" + role + "]"), nodeRoles(entry.getValue().getSpec()),
                    entry.getKey() + " node affinity");
            assertFalse(entry.getValue().getSpec().getEnableServiceLinks(), entry.getKey() + " service links");
        }
    }

    private static List<String> nodeRoles(PodSpec spec) {
        return spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().stream().flatMap(t -> t.getMatchExpressions().stream())
                .map((NodeSelectorRequirement r) -> r.getKey() + " " + r.getOperator() + " " + r.getValues()).toList();
    }

    @Test
    void seedValuesExposeHttpsOnNodePort31001() {
        Service nginx = seed.get(Service.class, name("nginx"));
        assertEquals("NodePort", nginx.getSpec().getType());
        ServicePort https = port(nginx, "https");
        assertEquals(31001, https.getNodePort());
        assertEquals(443, https.getPort());
        assertEquals(List.of(), nginx.getSpec().getPorts().stream().filter(p -> !p.getName().equals("https"))
                .filter(p -> p.getNodePort() != null).toList(), "only https gets a fixed NodePort by default");
    }

    @Test
    void everyServiceSelectsOneWorkloadAndTargetsItsContainerPorts() {
        for (RenderedChart chart : List.of(seed, external)) {
            Map<String, PodTemplateSpec> pods = chart.podTemplates();
            for (Service service : chart.all(Service.class)) {
                Map<String, String> selector = service.getSpec().getSelector();
                List<String> selected = pods.entrySet().stream()
                        .filter(p -> p.getValue().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                        .map(Map.Entry::getKey).toList();
                String svc = service.getMetadata().getName();
                assertEquals(List.of(svc), selected, "service " + svc + " must select exactly its own workload");
                List<ContainerPort> containerPorts = pods.get(svc).getSpec().getContainers().stream()
                        .flatMap(c -> c.getPorts().stream()).toList();
                for (ServicePort port : service.getSpec().getPorts()) {
                    IntOrString target = port.getTargetPort();
                    boolean matches = containerPorts.stream().anyMatch(cp -> target.getStrVal() != null
                            ? target.getStrVal().equals(cp.getName()) : target.getIntVal().equals(cp.getContainerPort()));
                    assertTrue(matches, svc + " port " + port.getName() + " targets " + target
                            + " but the pod declares " + containerPorts);
                }
            }
            for (Deployment d : chart.all(Deployment.class)) {
                assertTrue(d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()), d.getMetadata().getName());
            }
            for (StatefulSet s : chart.all(StatefulSet.class)) {
                assertTrue(s.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(s.getSpec().getSelector().getMatchLabels().entrySet()), s.getMetadata().getName());
                assertNotNull(chart.get(Service.class, s.getSpec().getServiceName()), "governing service");
            }
        }
    }

    @Test
    void nginxTerminatesTlsAndProxiesToTheControllerService() {
        ConfigMap config = seed.get(ConfigMap.class, name("nginx"));
        String conf = config.getData().get("nginx.conf");
        Service controller = seed.get(Service.class, name("controller"));
        int port = port(controller, "http").getPort();
        String upstream = name("controller") + "." + RenderedChart.NAMESPACE + ".svc:" + port;
        assertTrue(conf.contains("server " + upstream + ";"), "upstream " + upstream + " in\n" + conf);
        assertTrue(conf.contains("proxy_pass http://controllers;"));
        // nginx tells the controller the scheme clients used, and the controller trusts it (route URLs are https ones)
        assertTrue(conf.contains("proxy_set_header X-Forwarded-Proto https;"), conf);
        assertEquals("true", envValue(container(seed.podTemplates().get(name("controller")).getSpec(), "controller"),
                "BRISK_HTTP_TRUST_FORWARDED_HEADERS"));
        PodSpec nginx = seed.podTemplates().get(name("nginx")).getSpec();
        int httpsPort = container(nginx, "nginx").getPorts().stream().filter(p -> p.getName().equals("https"))
                .findFirst().orElseThrow().getContainerPort();
        assertTrue(conf.contains("listen " + httpsPort + " ssl;"), "nginx listens for TLS on its https port");
        String secretName = nginx.getVolumes().stream().filter(v -> v.getName().equals("tls")).findFirst()
                .orElseThrow().getSecret().getSecretName();
        Secret tls = seed.get(Secret.class, secretName);
        assertEquals("kubernetes.io/tls", tls.getType());
        assertEquals("keep", tls.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
        X509Certificate cert = certificate(tls.getData().get("tls.crt"));
        String subject = cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC1779);
        assertEquals("CN=\"<INTERNAL_IP>\"", subject, "the certificate names the seed's apiHostName");
        assertTrue(new String(Base64.getDecoder().decode(tls.getData().get("tls.key")), StandardCharsets.US_ASCII)
                .contains("PRIVATE KEY"));
    }

    private static X509Certificate certificate(String base64Pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError("tls.crt is not an X.509 certificate", e);
        }
    }

    /** Action pods reach nginx, DNS and the outside; Kafka, CouchDB, the controller and the invokers are not in it. */
    @Test
    void actionPodsReachOnlyThePublicApiDnsAndTheOutside() {
        var policy = seed.get(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                RenderedChart.RELEASE + "-brisk-action-pods");
        var spec = policy.getSpec();
        assertEquals(Map.of("brisk.dev/action-pod", "true", "brisk.dev/release", RenderedChart.RELEASE),
                spec.getPodSelector().getMatchLabels());
        assertEquals(List.of("Ingress", "Egress"), spec.getPolicyTypes());
        assertEquals("invoker", spec.getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels()
                .get("app.kubernetes.io/component"), "only invokers reach an action's proxy");
        List<String> components = new java.util.ArrayList<>();
        boolean outside = false;
        for (var rule : spec.getEgress()) {
            for (var peer : rule.getTo() == null ? List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer>of() : rule.getTo()) {
                if (peer.getPodSelector() != null) {
                    components.add(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
                }
                if (peer.getIpBlock() != null) {
                    outside = peer.getIpBlock().getCidr().equals("0.0.0.0/0")
                            && peer.getIpBlock().getExcept().containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"));
                }
            }
        }
        assertEquals(List.of("nginx"), components, "the only platform pods actions reach");
        assertTrue(outside, "the outside world, without the private ranges");
    }

    @Test
    void controllerAndInvokerProbesUseMicroProfileHealth() {
        for (RenderedChart chart : List.of(seed, external)) {
            for (String component : List.of("controller", "invoker")) {
                Container c = container(chart.podTemplates().get(name(component)).getSpec(), component);
                assertEquals("/health/live", c.getLivenessProbe().getHttpGet().getPath(), component);
                assertEquals("/health/live", c.getStartupProbe().getHttpGet().getPath(), component);
                assertEquals("/health/ready", c.getReadinessProbe().getHttpGet().getPath(), component);
                ContainerPort http = c.getPorts().stream().filter(p -> p.getName().equals("http")).findFirst().orElseThrow();
                for (Probe probe : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
                    assertEquals("http", probe.getHttpGet().getPort().getStrVal(), component + " probe port");
                }
                assertEquals(Integer.toString(http.getContainerPort()), envValue(c, "SERVER_PORT"), component);
                assertEquals("0.0.0.0", envValue(c, "SERVER_HOST"), component + " must listen beyond loopback");
                assertNotNull(c.getResources().getRequests().get("memory"), component + " memory request");
                assertNotNull(c.getResources().getLimits().get("memory"), component + " memory limit");
            }
        }
    }

    @Test
    void invokersUseTheKubernetesFactoryAndTheirOrdinalAsId() {
        StatefulSet invokers = seed.get(StatefulSet.class, name("invoker"));
        Container c = container(invokers.getSpec().getTemplate().getSpec(), "invoker");
        assertEquals("kubernetes", envValue(c, "BRISK_INVOKER_CONTAINER_FACTORY"));
        assertEquals("metadata.labels['apps.kubernetes.io/pod-index']",
                env(c, "BRISK_INVOKER_ID").orElseThrow().getValueFrom().getFieldRef().getFieldPath());
        assertEquals("metadata.namespace",
                env(c, "BRISK_INVOKER_CONTAINER_NAMESPACE").orElseThrow().getValueFrom().getFieldRef().getFieldPath());
        assertEquals(RenderedChart.RELEASE, envValue(c, "BRISK_INVOKER_CONTAINER_RELEASE"));
        assertEquals("openwhisk-role=invoker", envValue(c, "BRISK_INVOKER_CONTAINER_NODE_SELECTOR"));
        assertEquals("https://<INTERNAL_IP>:31001", envValue(c, "BRISK_API_HOST"));
        assertEquals("2048", envValue(c, "BRISK_INVOKER_USER_MEMORY"));
        assertEquals(name("invoker"), invokers.getSpec().getTemplate().getSpec().getServiceAccountName());

        Role role = seed.get(Role.class, name("invoker"));
        assertTrue(allows(role, "pods", "create") && allows(role, "pods", "delete") && allows(role, "pods", "list")
                && allows(role, "pods", "watch") && allows(role, "pods/log", "get"), "RBAC for action pods");
        RoleBinding binding = seed.get(RoleBinding.class, name("invoker"));
        assertEquals(name("invoker"), binding.getSubjects().get(0).getName());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
    }

    private static boolean allows(Role role, String resource, String verb) {
        return role.getRules().stream().anyMatch((PolicyRule r) -> r.getResources().contains(resource)
                && r.getVerbs().contains(verb));
    }

    @Test
    void inClusterKafkaAndCouchDbAreWiredToControllerAndInvokers() {
        Service couch = seed.get(Service.class, name("couchdb"));
        Service kafka = seed.get(Service.class, name("kafka"));
        String couchUrl = "http://" + name("couchdb") + "." + RenderedChart.NAMESPACE + ".svc:" + port(couch, "couchdb").getPort();
        String bootstrap = name("kafka") + "." + RenderedChart.NAMESPACE + ".svc:" + port(kafka, "kafka").getPort();
        Container broker = container(seed.podTemplates().get(name("kafka")).getSpec(), "kafka");
        assertEquals("PLAINTEXT://" + bootstrap, envValue(broker, "KAFKA_ADVERTISED_LISTENERS"));
        Container couchdb = container(seed.podTemplates().get(name("couchdb")).getSpec(), "couchdb");
        for (String component : List.of("controller", "invoker")) {
            Container c = container(seed.podTemplates().get(name(component)).getSpec(), component);
            assertEquals(couchUrl, envValue(c, "BRISK_STORE_URL"), component);
            assertEquals(bootstrap, envValue(c, "BRISK_BUS_BOOTSTRAP_SERVERS"), component);
            assertEquals("couchdb", envValue(c, "BRISK_STORE_PROVIDER"));
            assertEquals("kafka", envValue(c, "BRISK_BUS_PROVIDER"));
            // the services use the credentials CouchDB is started with
            assertEquals(secretRef(couchdb, "COUCHDB_USER"), secretRef(c, "BRISK_STORE_USERNAME"));
            assertEquals(secretRef(couchdb, "COUCHDB_PASSWORD"), secretRef(c, "BRISK_STORE_PASSWORD"));
        }
        assertEveryEnvSecretExists(seed);
    }

    private static String secretRef(Container c, String env) {
        var ref = env(c, env).orElseThrow().getValueFrom().getSecretKeyRef();
        return ref.getName() + "/" + ref.getKey();
    }

    private static void assertEveryEnvSecretExists(RenderedChart chart) {
        for (var pod : chart.podTemplates().entrySet()) {
            for (Container c : pod.getValue().getSpec().getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        Secret secret = chart.get(Secret.class, ref.getName());
                        Map<String, String> data = new HashMap<>();
                        if (secret.getData() != null) data.putAll(secret.getData());
                        if (secret.getStringData() != null) data.putAll(secret.getStringData());
                        assertTrue(data.containsKey(ref.getKey()), pod.getKey() + " " + e.getName() + " -> " + ref);
                    }
                }
            }
        }
    }

    @Test
    void controllerSeedsTheSubjectsAndTheJobVerifiesThem() {
        Container controller = container(seed.podTemplates().get(name("controller")).getSpec(), "controller");
        assertEquals("true", envValue(controller, "BRISK_SUBJECTS_SEED"));
        assertEquals(name("auth") + "/guest", secretRef(controller, "BRISK_SUBJECTS_GUEST_KEY"));
        assertEquals(name("auth") + "/system", secretRef(controller, "BRISK_SUBJECTS_SYSTEM_KEY"));
        Secret auth = seed.get(Secret.class, name("auth"));
        assertEquals("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP",
                auth.getStringData().get("guest"), "OpenWhisk's default guest key");

        Job job = seed.get(Job.class, name("init-r1"));
        Container check = container(job.getSpec().getTemplate().getSpec(), "init-subjects");
        int controllerPort = port(seed.get(Service.class, name("controller")), "http").getPort();
        assertEquals("http://" + name("controller") + "." + RenderedChart.NAMESPACE + ".svc:" + controllerPort,
                envValue(check, "CONTROLLER"));
        String script = String.join("\n", check.getCommand());
        assertTrue(script.contains("$CONTROLLER/health/ready") && script.contains("$CONTROLLER/api/v1/namespaces"), script);
        assertTrue(script.contains("check guest \"$GUEST_KEY\"") && script.contains("check whisk.system \"$SYSTEM_KEY\""));
        assertEquals(name("auth") + "/guest", secretRef(check, "GUEST_KEY"));
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
    }

    @Test
    void externalKafkaAndCouchDb() {
        assertTrue(external.find(StatefulSet.class, name("couchdb")).isEmpty(), "no CouchDB pods");
        assertTrue(external.find(StatefulSet.class, name("kafka")).isEmpty(), "no Kafka pods");
        assertTrue(external.find(Service.class, name("couchdb")).isEmpty());
        assertTrue(external.find(Service.class, name("kafka")).isEmpty());
        for (String component : List.of("controller", "invoker")) {
            Container c = container(external.podTemplates().get(name(component)).getSpec(), component);
            assertEquals("https://couchdb.example.com:6984", envValue(c, "BRISK_STORE_URL"));
            assertEquals("kafka-0.example.com:9093,kafka-1.example.com:9093", envValue(c, "BRISK_BUS_BOOTSTRAP_SERVERS"));
            assertEquals("prod_", envValue(c, "BRISK_STORE_DB_PREFIX"));
            assertEquals("prod-", envValue(c, "BRISK_BUS_TOPIC_PREFIX"));
            assertTrue(envValue(c, "JAVA_TOOL_OPTIONS").contains("-Dbrisk.bus.kafka.security.protocol=SSL"));
            assertEquals(name("db") + "/username", secretRef(c, "BRISK_STORE_USERNAME"));
        }
        Secret db = external.get(Secret.class, name("db"));
        assertEquals("brisk", db.getStringData().get("username"));
        assertEquals("s3cret", db.getStringData().get("password"));
        assertEveryEnvSecretExists(external);

        // OpenWhisk's top-level spellings (invoker.containerFactory.impl, nginx.httpsNodePort) work as well
        assertEquals(30443, port(external.get(Service.class, name("nginx")), "https").getNodePort());
        StatefulSet invokers = external.get(StatefulSet.class, name("invoker"));
        assertEquals(3, invokers.getSpec().getReplicas());
        Container invoker = container(invokers.getSpec().getTemplate().getSpec(), "invoker");
        assertEquals("kubernetes", envValue(invoker, "BRISK_INVOKER_CONTAINER_FACTORY"));
        assertEquals("registry.example.com/brisk/action-nodejs:20", envValue(invoker, "BRISK_INVOKER_CONTAINER_IMAGE_NODEJS_20"));
        assertEquals("registry.example.com/brisk/action-python:3.11", envValue(invoker, "BRISK_INVOKER_CONTAINER_IMAGE_PYTHON_3_11"));
        assertEquals("https://api.brisk.example.com:443", envValue(invoker, "BRISK_API_HOST"));
        X509Certificate cert = certificate(external.get(Secret.class, name("nginx-tls")).getData().get("tls.crt"));
        try {
            assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(san -> san.get(1).equals("api.brisk.example.com")));
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void dockerAndProcessFactoriesAndTheWhiskSpellingWins() {
        RenderedChart docker = RenderedChart.render("mycluster.yaml",
                Map.of("whisk.invoker.containerFactory.impl", "docker", "invoker.containerFactory.impl", "process"));
        PodSpec pod = docker.podTemplates().get(name("invoker")).getSpec();
        assertEquals("docker", envValue(container(pod, "invoker"), "BRISK_INVOKER_CONTAINER_FACTORY"));
        assertEquals("/var/run/docker.sock", pod.getVolumes().stream().filter(v -> v.getName().equals("docker-socket"))
                .findFirst().orElseThrow().getHostPath().getPath());
        assertTrue(docker.find(Role.class, name("invoker")).isEmpty(), "no pod RBAC without the Kubernetes factory");
        assertTrue(env(container(pod, "invoker"), "BRISK_INVOKER_CONTAINER_NAMESPACE").isEmpty());

        RenderedChart process = RenderedChart.render(null, Map.of("invoker.containerFactory.impl", "process"));
        assertEquals("process", envValue(container(process.podTemplates().get(name("invoker")).getSpec(), "invoker"),
                "BRISK_INVOKER_CONTAINER_FACTORY"));

        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> RenderedChart.render(null, Map.of("invoker.containerFactory.impl", "lambda")));
        assertTrue(bad.getMessage().contains("must be kubernetes, docker or process"), bad.getMessage());
    }

    @Test
    void invokerIdFromPodNameOnOlderClusters() {
        RenderedChart chart = RenderedChart.render("mycluster.yaml", Map.of("invoker.idFrom", "podName"));
        Container c = container(chart.podTemplates().get(name("invoker")).getSpec(), "invoker");
        assertTrue(env(c, "BRISK_INVOKER_ID").isEmpty());
        assertEquals("/bin/sh", c.getCommand().get(0));
        assertTrue(c.getCommand().get(2).contains("BRISK_INVOKER_ID=\"${POD_NAME##*-}\" exec \"$@\""));
        assertEquals(List.of("java", "-jar", "/app/brisk-invoker.jar"), c.getArgs());
        assertEquals("metadata.name", env(c, "POD_NAME").orElseThrow().getValueFrom().getFieldRef().getFieldPath());
    }

    /** Every pod of the chart: default seccomp, no capabilities, no escalation, non-root, nothing of the host. */
    @Test
    void everyPodIsConfined() {
        for (RenderedChart chart : List.of(seed, external)) {
            for (var entry : chart.podTemplates().entrySet()) {
                String pod = entry.getKey();
                PodSpec spec = entry.getValue().getSpec();
                var podContext = spec.getSecurityContext();
                assertNotNull(podContext, pod + " has no securityContext");
                assertEquals("RuntimeDefault", podContext.getSeccompProfile().getType(), pod + " seccomp");
                assertTrue(podContext.getRunAsNonRoot(), pod + " runAsNonRoot");
                assertTrue(podContext.getRunAsUser() != null && podContext.getRunAsUser() > 0, pod + " runAsUser");
                assertFalse(Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID())
                        || Boolean.TRUE.equals(spec.getHostIPC()), pod + " shares a host namespace");
                assertTrue(spec.getVolumes() == null || spec.getVolumes().stream().allMatch(v -> v.getHostPath() == null),
                        pod + " mounts a host path");
                boolean talksToTheApi = pod.equals(name("invoker"));
                assertEquals(talksToTheApi, !Boolean.FALSE.equals(spec.getAutomountServiceAccountToken()),
                        pod + ": only the invoker (kubernetes factory) gets a service-account token");
                for (Container c : spec.getContainers()) {
                    var context = c.getSecurityContext();
                    assertNotNull(context, pod + "/" + c.getName() + " has no securityContext");
                    assertFalse(context.getAllowPrivilegeEscalation(), pod + " allowPrivilegeEscalation");
                    assertFalse(context.getPrivileged(), pod + " privileged");
                    assertEquals(List.of("ALL"), context.getCapabilities().getDrop(), pod + " capabilities");
                    assertTrue(context.getCapabilities().getAdd() == null || context.getCapabilities().getAdd().isEmpty(),
                            pod + " adds capabilities");
                }
            }
            // our images and nginx/curl run on a read-only root; what they write goes to a bounded emptyDir /tmp
            Map<String, PodTemplateSpec> pods = chart.podTemplates();
            for (String component : List.of("controller", "invoker", "nginx")) {
                PodSpec spec = pods.get(name(component)).getSpec();
                Container c = container(spec, component);
                assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), component + " readOnlyRootFilesystem");
                String tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                        .orElseThrow(() -> new AssertionError(component + " has no /tmp")).getName();
                var volume = spec.getVolumes().stream().filter(v -> v.getName().equals(tmp)).findFirst().orElseThrow();
                assertNotNull(volume.getEmptyDir().getSizeLimit(), component + " /tmp sizeLimit");
            }
            assertEquals(65534L, pods.get(name("controller")).getSpec().getSecurityContext().getRunAsUser());
            assertEquals(65534L, pods.get(name("invoker")).getSpec().getSecurityContext().getRunAsUser());
            assertEquals(101L, pods.get(name("nginx")).getSpec().getSecurityContext().getRunAsUser());
            Job init = chart.all(Job.class).get(0);
            assertTrue(container(init.getSpec().getTemplate().getSpec(), "init-subjects").getSecurityContext()
                    .getReadOnlyRootFilesystem());
        }
        // the official images' own users, with their data volumes given to them (fsGroup)
        var couch = seed.podTemplates().get(name("couchdb")).getSpec().getSecurityContext();
        assertEquals(List.of(5984L, 5984L, 5984L), List.of(couch.getRunAsUser(), couch.getRunAsGroup(), couch.getFsGroup()));
        var kafka = seed.podTemplates().get(name("kafka")).getSpec().getSecurityContext();
        assertEquals(List.of(1000L, 1000L, 1000L), List.of(kafka.getRunAsUser(), kafka.getRunAsGroup(), kafka.getFsGroup()));
    }

    @Test
    void theInvokersPodFollowsItsContainerFactory() {
        // no Docker engine of its own in a pod, whatever the factory (the image starts one unless told not to)
        for (String impl : List.of("kubernetes", "docker", "process")) {
            RenderedChart chart = RenderedChart.render("mycluster.yaml", Map.of("whisk.invoker.containerFactory.impl", impl));
            Container c = container(chart.podTemplates().get(name("invoker")).getSpec(), "invoker");
            assertEquals("false", envValue(c, "BRISK_DIND"), impl);
        }
        RenderedChart docker = RenderedChart.render("mycluster.yaml", Map.of("whisk.invoker.containerFactory.impl", "docker"));
        PodSpec pod = docker.podTemplates().get(name("invoker")).getSpec();
        Container c = container(pod, "invoker");
        assertEquals(0L, pod.getSecurityContext().getRunAsUser(), "root, to open the node's socket (root:docker 0660)");
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Set.of("/tmp", "/var/run/docker.sock"), c.getVolumeMounts().stream().map(m -> m.getMountPath())
                .collect(Collectors.toSet()));

        RenderedChart process = RenderedChart.render("mycluster.yaml", Map.of("whisk.invoker.containerFactory.impl", "process"));
        PodSpec processPod = process.podTemplates().get(name("invoker")).getSpec();
        assertEquals(null, processPod.getSecurityContext() == null ? null : processPod.getSecurityContext().getRunAsUser(),
                "the process factory's sandbox needs the image's defaults");

        // invoker.actionContainers reach the factory as brisk.invoker.container.* settings
        RenderedChart tuned = RenderedChart.render("mycluster.yaml", Map.of("invoker.actionContainers.user", "image",
                "invoker.actionContainers.tmpfs-mb", "64", "invoker.actionContainers.cap-add", "NET_BIND_SERVICE"));
        Container tunedInvoker = container(tuned.podTemplates().get(name("invoker")).getSpec(), "invoker");
        assertEquals("image", envValue(tunedInvoker, "BRISK_INVOKER_CONTAINER_USER"));
        assertEquals("64", envValue(tunedInvoker, "BRISK_INVOKER_CONTAINER_TMPFS_MB"));
        assertEquals("NET_BIND_SERVICE", envValue(tunedInvoker, "BRISK_INVOKER_CONTAINER_CAP_ADD"));

        // a component's securityContext can be replaced as a whole
        RenderedChart custom = RenderedChart.render("mycluster.yaml", Map.of("controller.podSecurityContext.runAsUser", 4242));
        assertEquals(4242L, custom.podTemplates().get(name("controller")).getSpec().getSecurityContext().getRunAsUser());
    }

    @Test
    void couchDbAnswersNothingWithoutCredentials() {
        String ini = seed.get(ConfigMap.class, name("couchdb")).getData().get("10-brisk.ini");
        for (String line : List.of("require_valid_user = true", "require_valid_user_except_for_up = true",
                "default_security = admin_only", "admin_only_all_dbs = true")) {
            assertTrue(ini.lines().anyMatch(l -> l.trim().equals(line)), line + " in\n" + ini);
        }
        assertTrue(ini.indexOf("require_valid_user = true") > ini.indexOf("[chttpd]"), "in [chttpd]:\n" + ini);
        // the readiness probe is the one request allowed without credentials
        Container couchdb = container(seed.podTemplates().get(name("couchdb")).getSpec(), "couchdb");
        assertEquals("/_up", couchdb.getReadinessProbe().getHttpGet().getPath());

        // no well-known password: one made at install, kept by upgrades (resource-policy keep, rendered at install only)
        Secret generated = seed.get(Secret.class, name("db-generated"));
        String password = generated.getStringData().get("password");
        assertTrue(password.matches("[A-Za-z0-9]{32}"), password);
        assertEquals("keep", generated.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
        assertEquals(name("db-generated") + "/password", secretRef(couchdb, "COUCHDB_PASSWORD"));
        Secret given = RenderedChart.render("mycluster.yaml", Map.of("db.auth.password", "chosen-one")).get(Secret.class, name("db"));
        assertEquals("chosen-one", given.getStringData().get("password"));
        assertTrue(given.getMetadata().getAnnotations() == null || given.getMetadata().getAnnotations().isEmpty(),
                "a given password's Secret is the release's");
        assertTrue(RenderedChart.render("mycluster.yaml", Map.of("db.auth.existingSecret", "my-couch"))
                .find(Secret.class, name("db")).isEmpty(), "an existing Secret is used as it is");
        IllegalStateException external = assertThrows(IllegalStateException.class,
                () -> RenderedChart.render("external-services.yaml", Map.of("db.auth.password", "")));
        assertTrue(external.getMessage().contains("db.external=true needs db.auth.password or db.auth.existingSecret"),
                external.getMessage());
    }

    private static ServicePort port(Service service, String name) {
        return service.getSpec().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(service.getMetadata().getName() + " has no port " + name));
    }
}
