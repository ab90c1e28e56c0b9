package dev.brisk.cdi.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The one Prometheus registry of this JVM (the standalone's controller and invoker share it), with JVM meters; served
 * at /metrics by every service (controller, invoker, standalone).
 * <p>
 * The processor and thread meters live in a registry of their own, scraped with the rest: a scrape of named metrics
 * ({@code /metrics?name[]=}) still computes every meter of a registry before it filters (Micrometer's collectors do
 * not tell Prometheus their names), and those gauges read cgroup and /proc files and every thread's state (70% of such
 * a scrape's time). A scrape that names none of them no longer computes them.
 */
@ApplicationScoped
public class MetricsRegistry {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PrometheusMeterRegistry system = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The Prometheus names of {@link #system}'s metrics (its meters are all made at start). */
    private final Set<String> systemNames;

    public MetricsRegistry() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(system);
        new ProcessorMetrics().bindTo(system);
        systemNames = StreamSupport.stream(system.getPrometheusRegistry().scrape().spliterator(), false)
                .map(MetricSnapshot::getMetadata).map(m -> m.getPrometheusName())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Where meters are registered. */
    public MeterRegistry meters() {
        return registry;
    }

    /** Prometheus' text exposition format (version 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape() + system.scrape();
    }

    /** As {@link #scrape()}, only the metrics with these Prometheus names (e.g. {@code brisk_invoker_containers}). */
    public String scrape(Set<String> names) {
        String text = registry.scrape(MetricsResource.PROMETHEUS_TEXT, names);
        return names.stream().anyMatch(systemNames::contains)
                ? text + system.scrape(MetricsResource.PROMETHEUS_TEXT, names) : text;
    }
}
