package dev.brisk.cdi.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The one Prometheus registry of this JVM (the standalone's controller and invoker share it), with JVM meters; served at /metrics by every service (controller, invoker, standalone). */
@ApplicationScoped
public class MetricsRegistry {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public MetricsRegistry() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where meters are registered. */
    public MeterRegistry meters() {
        return registry;
    }

    /** Prometheus' text exposition format (version 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** As {@link #scrape()}, only the metrics with these Prometheus names (e.g. {@code brisk_invoker_containers}). */
    public String scrape(java.util.Set<String> names) {
        return registry.scrape(MetricsResource.PROMETHEUS_TEXT, names);
    }
}
