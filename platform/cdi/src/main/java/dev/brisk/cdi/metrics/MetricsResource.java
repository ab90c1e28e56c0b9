package dev.brisk.cdi.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /metrics}: the platform's meters in Prometheus' text format, without authentication as OpenWhisk's
 * user-events service serves them (a deployment keeps the path off its public edge; the chart's nginx does).
 */
@Path("/metrics")
@ApplicationScoped
public class MetricsResource {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricsRegistry metrics;

    @Inject
    public MetricsResource(MetricsRegistry metrics) {
        this.metrics = metrics;
    }

    @GET
    public Response scrape() {
        return Response.ok(metrics.scrape(), PROMETHEUS_TEXT).build();
    }
}
