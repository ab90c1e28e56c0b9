package dev.brisk.cdi.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /metrics}: the platform's meters in Prometheus' text format, without authentication as OpenWhisk's
 * user-events service serves them (a deployment keeps the path off its public edge; the chart's nginx does).
 * {@code ?name[]=brisk_invoker_containers} (repeatable) keeps only the named metrics, as the Prometheus Java client's
 * exporters do: a watcher sampling one gauge often (the benchmark) does not pay for formatting every action's meters.
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

    /** Longer than any metric name; a longer one cannot match, so it is not kept. */
    static final int MAX_NAME_LENGTH = 200;

    @GET
    public Response scrape(@QueryParam("name[]") List<String> names) {
        if (names == null || names.isEmpty()) {
            return Response.ok(metrics.scrape(), PROMETHEUS_TEXT).build();
        }
        Set<String> wanted = names.stream().filter(n -> n != null && n.length() <= MAX_NAME_LENGTH)
                .collect(Collectors.toUnmodifiableSet());
        return Response.ok(metrics.scrape(wanted), PROMETHEUS_TEXT).build();
    }
}
