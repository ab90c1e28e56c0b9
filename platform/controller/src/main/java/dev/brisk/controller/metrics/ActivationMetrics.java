package dev.brisk.controller.metrics;

import dev.brisk.cdi.metrics.MetricsRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.controller.invoke.ActivationCompleted;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.WhiskActivation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every activation this controller sees complete, counted under the names and labels of OpenWhisk's user-events
 * service (core/monitoring/user-events PrometheusRecorder), so its Grafana dashboards' queries work on Brisk:
 * {@code openwhisk_action_activations_total{namespace, initiator, action, kind, memory}},
 * {@code openwhisk_action_coldStarts_total}, {@code openwhisk_action_status_total{..., status}},
 * {@code openwhisk_action_waitTime_seconds}, {@code openwhisk_action_initTime_seconds},
 * {@code openwhisk_action_duration_seconds} (histograms) and {@code openwhisk_action_memory} (gauge, MB).
 * {@code namespace} and {@code action} come from the record's {@code path} annotation (the action's own namespace,
 * and its name with its package), {@code initiator} is the namespace that invoked it, as in OpenWhisk's events.
 */
@ApplicationScoped
public class ActivationMetrics {
    /** Buckets for the time histograms, in seconds: from a warm no-op to OpenWhisk's longest time limit. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofMinutes(5)};

    private final MeterRegistry registry;
    private final Map<Tags, AtomicLong> memory = new ConcurrentHashMap<>();
    /** The meters of each label set seen, so an activation costs no meter lookup (ids, tag sorting) per record. */
    private final Map<Labels, Meters> meters = new ConcurrentHashMap<>();

    /** What an activation's meters are told apart by. */
    private record Labels(String namespace, String initiator, String action, String kind, long memoryMb,
                          String status) {
    }

    /** One label set's meters; the cold-start ones made on its first cold start. */
    private static final class Meters {
        final Tags who;
        final Counter activations;
        final Counter status;
        final AtomicLong memory;
        final Timer waitTime;
        final Timer duration;
        volatile Counter coldStarts;
        volatile Timer initTime;

        Meters(Tags who, Counter activations, Counter status, AtomicLong memory, Timer waitTime, Timer duration) {
            this.who = who;
            this.activations = activations;
            this.status = status;
            this.memory = memory;
            this.waitTime = waitTime;
            this.duration = duration;
        }
    }

    @Inject
    public ActivationMetrics(MetricsRegistry metrics) {
        this(metrics.meters());
    }

    ActivationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void completed(@Observes ActivationCompleted completed) {
        record(completed.activation());
    }

    /** Counts one completed activation. */
    public void record(WhiskActivation a) {
        String path = a.annotations().get("path").map(JsonNode::asText).orElse(a.namespace() + "/" + a.name());
        int slash = path.indexOf('/');
        String namespace = slash < 0 ? a.namespace() : path.substring(0, slash);
        String action = slash < 0 ? path : path.substring(slash + 1);
        String kind = a.annotations().get("kind").map(JsonNode::asText).orElse("unknown");
        long memoryMb = a.annotations().get("limits").map(l -> l.path("memory").asLong(0)).orElse(0L);
        Meters m = meters.computeIfAbsent(new Labels(namespace, a.namespace(), action, kind, memoryMb,
                status(a.response())), this::register);

        m.activations.increment();
        m.status.increment();
        m.memory.set(memoryMb);
        long initTime = a.annotations().get("initTime").map(JsonNode::asLong).orElse(0L);
        if (initTime > 0) {
            if (m.initTime == null) {
                m.coldStarts = Counter.builder("openwhisk.action.coldStarts").description("Cold start counts")
                        .tags(m.who).register(registry);
                m.initTime = timer("openwhisk.action.initTime",
                        "Time it took to initialize an action, e.g. docker init", m.who);
            }
            m.coldStarts.increment();
            m.initTime.record(Duration.ofMillis(initTime));
        }
        long waitTime = a.annotations().get("waitTime").map(JsonNode::asLong).orElse(0L);
        m.waitTime.record(Duration.ofMillis(waitTime));
        m.duration.record(Duration.ofMillis(Math.max(0, a.duration())));
    }

    private Meters register(Labels l) {
        Tags who = Tags.of("namespace", l.namespace(), "initiator", l.initiator(), "action", l.action());
        return new Meters(who,
                Counter.builder("openwhisk.action.activations").description("Activation Count")
                        .tags(who.and("kind", l.kind(), "memory", Long.toString(l.memoryMb()))).register(registry),
                Counter.builder("openwhisk.action.status").description("Activation failure status type")
                        .tags(who.and("status", l.status())).register(registry),
                memory.computeIfAbsent(who, t -> registry.gauge("openwhisk.action.memory", t, new AtomicLong())),
                timer("openwhisk.action.waitTime", "Internal system hold time", who),
                timer("openwhisk.action.duration", "Actual time the action code was running", who));
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** OpenWhisk's event status texts (ActivationResponse.statusForCode). */
    static String status(ActivationResponse response) {
        return switch (response.statusCode()) {
            case ActivationResponse.SUCCESS -> "success";
            case ActivationResponse.APPLICATION_ERROR -> "application_error";
            case ActivationResponse.DEVELOPER_ERROR -> "action_developer_error";
            default -> "whisk_internal_error";
        };
    }
}
