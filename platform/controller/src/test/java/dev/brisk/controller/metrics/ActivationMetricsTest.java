package dev.brisk.controller.metrics;

import dev.brisk.cdi.metrics.MetricsRegistry;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The meters under OpenWhisk's user-events names and labels, read back from the Prometheus text a scrape gives. */
class ActivationMetricsTest {
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    @Test
    void eachActivationIsCountedUnderOpenWhisksNamesAndLabels() {
        MetricsRegistry registry = new MetricsRegistry();
        ActivationMetrics metrics = new ActivationMetrics(registry.meters());
        metrics.record(activation(ActivationResponse.success(Json.object()), 120L, 1000, 1030));
        metrics.record(activation(ActivationResponse.success(Json.object()), null, 2000, 2010));
        metrics.record(activation(ActivationResponse.applicationError(Json.object().put("error", "x")), null, 3000,
                3005));
        String text = registry.scrape();
        String who = "action=\"tools/hello\",initiator=\"bob\"";
        assertHas(text, "openwhisk_action_activations_total\\{" + who
                + ",kind=\"nodejs:20\",memory=\"256\",namespace=\"alice\"} 3(\\.0)?");
        assertHas(text, "openwhisk_action_coldStarts_total\\{" + who + ",namespace=\"alice\"} 1(\\.0)?");
        assertHas(text, "openwhisk_action_status_total\\{" + who + ",namespace=\"alice\",status=\"success\"} 2(\\.0)?");
        assertHas(text, "openwhisk_action_status_total\\{" + who
                + ",namespace=\"alice\",status=\"application_error\"} 1(\\.0)?");
        assertHas(text, "openwhisk_action_duration_seconds_count\\{" + who + ",namespace=\"alice\"} 3");
        assertHas(text, "openwhisk_action_initTime_seconds_count\\{" + who + ",namespace=\"alice\"} 1");
        assertHas(text, "openwhisk_action_waitTime_seconds_bucket\\{" + who + ",namespace=\"alice\",le=\"0\\.01\"} 3");
        assertHas(text, "openwhisk_action_memory\\{" + who + ",namespace=\"alice\"} 256(\\.0)?");
        assertHas(text, "jvm_memory_used_bytes\\{");
    }

    /** {@code /metrics?name[]=...}: only the named metrics, whatever else the registry holds. */
    @Test
    void aScrapeOfNamedMetricsHasThoseOnly() {
        MetricsRegistry registry = new MetricsRegistry();
        new ActivationMetrics(registry.meters()).record(activation(ActivationResponse.success(Json.object()), 50L, 0,
                10));
        String text = registry.scrape(java.util.Set.of("openwhisk_action_memory"));
        assertHas(text, "openwhisk_action_memory\\{action=\"tools/hello\"");
        assertTrue(!text.contains("openwhisk_action_duration") && !text.contains("jvm_memory_used_bytes"), text);
        assertTrue(registry.scrape(java.util.Set.of("no_such_metric")).isBlank());
    }

    /** The processor and thread meters (a registry of their own) are in a full scrape and can be named alone. */
    @Test
    void theSystemMetersAreScrapedWithTheRestAndByName() {
        MetricsRegistry registry = new MetricsRegistry();
        new ActivationMetrics(registry.meters()).record(activation(ActivationResponse.success(Json.object()), 50L, 0,
                10));
        String all = registry.scrape();
        for (String series : List.of("openwhisk_action_memory", "jvm_memory_used_bytes", "process_uptime_seconds",
                "jvm_threads_live_threads", "system_cpu_count", "process_cpu_usage")) {
            assertTrue(Pattern.compile("(?m)^" + series + "[{ ]").matcher(all).find(), series + " missing: " + all);
        }
        String threads = registry.scrape(java.util.Set.of("jvm_threads_live_threads", "openwhisk_action_memory"));
        assertHas(threads, "jvm_threads_live_threads [0-9]");
        assertHas(threads, "openwhisk_action_memory\\{");
        assertTrue(!threads.contains("process_cpu_usage") && !threads.contains("jvm_memory_used_bytes"), threads);
        String cpu = registry.scrape(java.util.Set.of("system_cpu_count"));
        assertHas(cpu, "system_cpu_count [0-9]");
        assertTrue(!cpu.contains("jvm_threads_live_threads") && !cpu.contains("openwhisk_"), cpu);
    }

    /** docs/grafana/brisk-activations.json queries only series a scrape has. */
    @Test
    void theDashboardAsksOnlyForSeriesThatExist() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        new ActivationMetrics(registry.meters()).record(activation(ActivationResponse.success(Json.object()), 50L, 0,
                10));
        String text = registry.scrape();
        com.fasterxml.jackson.databind.JsonNode dashboard = Json.MAPPER.readTree(java.nio.file.Files.readString(
                java.nio.file.Path.of("../../docs/grafana/brisk-activations.json")));
        java.util.Set<String> asked = new java.util.TreeSet<>();
        for (com.fasterxml.jackson.databind.JsonNode panel : dashboard.path("panels")) {
            for (com.fasterxml.jackson.databind.JsonNode target : panel.path("targets")) {
                var m = Pattern.compile("\\b((?:openwhisk|jvm)_[A-Za-z_]+)\\b").matcher(target.path("expr").asText());
                while (m.find()) {
                    asked.add(m.group(1));
                }
            }
        }
        assertTrue(asked.size() >= 7, "the dashboard's queries: " + asked);
        for (String series : asked) {
            assertTrue(Pattern.compile("(?m)^" + series + "[{ ]").matcher(text).find(),
                    () -> "the dashboard asks for " + series + ", which no scrape has");
        }
    }

    private static void assertHas(String text, String regex) {
        assertTrue(Pattern.compile("(?m)^" + regex + "$").matcher(text).find() || Pattern.compile("(?m)^" + regex)
                .matcher(text).find(), () -> "no line matching " + regex + " in:\n" + text.lines()
                .filter(l -> l.startsWith("openwhisk")).reduce("", (a, b) -> a + b + "\n"));
    }

    private static WhiskActivation activation(ActivationResponse response, Long initTime, long start, long end) {
        Parameters annotations = Parameters.EMPTY.with("path", N.textNode("alice/tools/hello"))
                .with("kind", N.textNode("nodejs:20")).with("waitTime", N.numberNode(4))
                .with("limits", Json.object().put("memory", 256).put("timeout", 60000).put("logs", 10));
        if (initTime != null) {
            annotations = annotations.with("initTime", N.numberNode(initTime));
        }
        return new WhiskActivation("bob", "hello", "bob", "0123456789abcdef0123456789abcdef", start, end, null,
                response, List.of(), new SemVer(0, 0, 1), false, annotations);
    }
}
