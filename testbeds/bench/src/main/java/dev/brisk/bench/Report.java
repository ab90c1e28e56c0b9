package dev.brisk.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.brisk.core.json.Json;
import org.jfree.data.category.DefaultCategoryDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts each scenario beside its floor. The floors follow the targets of issue 6:
 * <ul>
 *   <li>warm blocking invoke (a): loopback HTTP round trip + 2 × Kafka round trip + bare proxy /run; p50 ≤ 2×;</li>
 *   <li>cold start (c): bare proxy start + /init through the process factory (interpreter start, sandbox, /init),
 *       or docker run + /init for a Docker target; p50 ≤ 1.3×;</li>
 *   <li>100 distinct actions (d): throughput ≥ 0.5 × the single action's with the same clients (aN);</li>
 *   <li>idle controller + invoker resident memory ≤ 300 MB;</li>
 *   <li>concurrency inside a container (g, issue 19): 50 clients on an action awaiting 100 ms with concurrency 50
 *       reach ≥ 0.8 × 50 / 0.1 s with at most 2 containers busy at once;</li>
 *   <li>informational, no target: non-blocking (b) against HTTP + 1 Kafka hop, GET (e) against HTTP, the
 *       sequence (f) against HTTP + 3 × (2 Kafka hops + /run).</li>
 * </ul>
 */
final class Report {
    static final double WARM_TARGET = 2.0;
    static final double COLD_TARGET = 1.3;
    static final double DISTINCT_TARGET = 0.5;
    static final long MEMORY_TARGET_MB = 300;
    static final double CONCURRENCY_TARGET = 0.8;
    static final long CONCURRENCY_CONTAINERS = 2;

    private final Settings settings;
    private final Map<String, Stats> floors = new LinkedHashMap<>();
    private final List<Stats> scenarios = new ArrayList<>();
    Map<String, Long> memoryIdle = Map.of();
    Map<String, Long> memoryAfter = Map.of();
    double totalSeconds;
    /** The machine's load when the benchmark began, and when its report was made. */
    private final MachineLoad loadAtStart = MachineLoad.now();
    private MachineLoad loadAtEnd;

    Report(Settings settings) {
        this.settings = settings;
    }

    private MachineLoad loadAtEnd() {
        if (loadAtEnd == null) {
            loadAtEnd = MachineLoad.now();
        }
        return loadAtEnd;
    }

    void floor(Stats s) {
        floors.put(s.id, s);
        Benchmark.log("  " + s.label + ": " + summary(s));
    }

    void scenario(Stats s) {
        scenarios.add(s);
        Benchmark.log("  " + s.label + ": " + summary(s));
    }

    private static String summary(Stats s) {
        if (!s.measured()) {
            return s.reason() != null ? s.reason() : "no successful request" + (s.firstError == null ? "" : ": " + s.firstError);
        }
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, %.1f/s, n=%d, errors=%d", s.p50(), s.ms(99),
                s.throughput(), s.count, s.errors);
    }

    /** Scenarios in which not one request succeeded. */
    List<String> failedScenarios() {
        return scenarios.stream().filter(s -> !s.measured()).map(s -> s.id).toList();
    }

    // ---- the comparisons ----

    /** A floor as a sum of measured floors' p50 (terms with a factor). */
    record Floor(String name, String formula, double ms, String note) {
        boolean known() {
            return !Double.isNaN(ms);
        }
    }

    /** One scenario's comparison: figure / floor, against a target if the issue sets one. */
    record Comparison(String metric, double figure, Floor floor, double ratio, String target, Boolean met, String verdict) {
    }

    private double p50(String id) {
        Stats s = floors.get(id);
        return s == null || !s.measured() ? Double.NaN : s.p50();
    }

    private Floor sum(String name, Object... termsAndFactors) {
        StringBuilder formula = new StringBuilder();
        StringBuilder values = new StringBuilder();
        double total = 0;
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < termsAndFactors.length; i += 3) {
            String id = (String) termsAndFactors[i];
            String short_ = (String) termsAndFactors[i + 1];
            double factor = ((Number) termsAndFactors[i + 2]).doubleValue();
            double v = p50(id);
            if (formula.length() > 0) {
                formula.append(" + ");
                values.append(" + ");
            }
            String f = factor == 1 ? "" : Benchmark.fmt(factor) + "×";
            formula.append(f).append(short_);
            if (Double.isNaN(v)) {
                missing.add(short_);
                values.append(f).append("n/a");
                if (id.equals("floor.kafka")) {
                    continue; // counted as 0, said in the note
                }
                total = Double.NaN;
            } else {
                values.append(f).append(String.format(Locale.ROOT, "%.2f", v));
                total += factor * v;
            }
        }
        String note = missing.isEmpty() ? "" : "not measured: " + String.join(", ", missing)
                + (missing.equals(List.of("Kafka RTT")) ? " (counted as 0: the floor is low, the ratio high)" : "");
        return new Floor(name, formula + " = " + values, total, note);
    }

    Floor warmFloor() {
        return sum("warm", "floor.http", "HTTP RTT", 1, "floor.kafka", "Kafka RTT", 2, "floor.proxy-run", "proxy /run", 1);
    }

    Floor coldFloor() {
        return settings.containers().equals("docker")
                ? sum("cold", "floor.docker-run-init", "docker run + /init", 1)
                : sum("cold", "floor.proxy-start-init", "proxy start + /init", 1);
    }

    Comparison compare(Stats s) {
        if (!s.measured()) {
            return null;
        }
        return switch (s.id) {
            case "a1" -> latency(s, warmFloor(), WARM_TARGET);
            case "aN" -> latency(s, warmFloor(), Double.NaN);
            case "b" -> latency(s, sum("async", "floor.http", "HTTP RTT", 1, "floor.kafka", "Kafka RTT", 1), Double.NaN);
            case "c" -> latency(s, coldFloor(), COLD_TARGET);
            case "d" -> {
                Stats single = scenarios.stream().filter(x -> x.id.equals("aN") && x.measured()).findFirst().orElse(null);
                if (single == null) {
                    yield null;
                }
                Floor f = new Floor("single", String.format(Locale.ROOT, "throughput of a. with %d clients = %.1f/s",
                        single.clients, single.throughput()), single.throughput(), "");
                double ratio = s.throughput() / single.throughput();
                boolean met = ratio >= DISTINCT_TARGET;
                yield new Comparison("throughput", s.throughput(), f, ratio, "≥ " + DISTINCT_TARGET, met,
                        met ? "met" : String.format(Locale.ROOT, "missed: %.2f < %.1f (%.0f%% short)", ratio,
                                DISTINCT_TARGET, 100 * (1 - ratio / DISTINCT_TARGET)));
            }
            case "gN" -> concurrency(s);
            case "e" -> latency(s, sum("http", "floor.http", "HTTP RTT", 1), Double.NaN);
            case "f" -> latency(s, sum("sequence", "floor.http", "HTTP RTT", 1, "floor.kafka", "Kafka RTT", 6,
                    "floor.proxy-run", "proxy /run", 3), Double.NaN);
            default -> null;
        };
    }

    private static Comparison latency(Stats s, Floor floor, double target) {
        double ratio = floor.known() && floor.ms() > 0 ? s.p50() / floor.ms() : Double.NaN;
        if (Double.isNaN(target)) {
            return new Comparison("p50", s.p50(), floor, ratio, "-", null, "(no target)");
        }
        if (Double.isNaN(ratio)) {
            return new Comparison("p50", s.p50(), floor, ratio, "≤ " + target, null, "unknown: floor not measured");
        }
        boolean met = ratio <= target;
        return new Comparison("p50", s.p50(), floor, ratio, "≤ " + target, met, met ? "met"
                : String.format(Locale.ROOT, "missed: %.2f > %.1f (p50 %.0f%% over the %.2f ms allowed)", ratio, target,
                100 * (s.p50() / (target * floor.ms()) - 1), target * floor.ms()));
    }

    /** (g) throughput against what the clients could at most reach (each waits the action's I/O), and the containers. */
    private static Comparison concurrency(Stats s) {
        double ideal = s.clients * 1000.0 / Benchmark.IO_MILLIS;
        Floor f = new Floor("io", String.format(Locale.ROOT, "%d clients / %d ms = %.0f/s", s.clients,
                Benchmark.IO_MILLIS, ideal), ideal, "");
        double ratio = s.throughput() / ideal;
        Object containers = s.extra.get("containers (most busy at once)");
        boolean counted = containers instanceof Number;
        boolean fewContainers = counted && ((Number) containers).longValue() <= CONCURRENCY_CONTAINERS;
        boolean met = ratio >= CONCURRENCY_TARGET && fewContainers;
        String target = "≥ " + CONCURRENCY_TARGET + ", ≤ " + CONCURRENCY_CONTAINERS + " containers";
        String verdict = met ? "met"
                : !counted && ratio >= CONCURRENCY_TARGET ? "unknown: containers not counted"
                : String.format(Locale.ROOT, "missed: %.2f of %.1f, %s containers", ratio, CONCURRENCY_TARGET, containers);
        Boolean verdictMet = met ? Boolean.TRUE : !counted && ratio >= CONCURRENCY_TARGET ? null : Boolean.FALSE;
        return new Comparison("throughput", s.throughput(), f, ratio, target, verdictMet, verdict);
    }

    /** controller + one invoker (the target), or the standalone JVM that holds both. */
    private long memoryTargetKb(Map<String, Long> kb) {
        if (kb.containsKey("standalone")) {
            return kb.get("standalone");
        }
        long controller = kb.entrySet().stream().filter(e -> e.getKey().startsWith("controller")).mapToLong(Map.Entry::getValue).findFirst().orElse(-1);
        long invoker = kb.entrySet().stream().filter(e -> e.getKey().startsWith("invoker")).mapToLong(Map.Entry::getValue).findFirst().orElse(-1);
        return controller < 0 || invoker < 0 ? -1 : controller + invoker;
    }

    private String memoryTargetWhat(Map<String, Long> kb) {
        if (kb.containsKey("standalone")) {
            return "standalone JVM (controller + invoker)";
        }
        String c = kb.keySet().stream().filter(k -> k.startsWith("controller")).findFirst().orElse("controller");
        String i = kb.keySet().stream().filter(k -> k.startsWith("invoker")).findFirst().orElse("invoker");
        return c + " + " + i;
    }

    // ---- output ----

    void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Brisk benchmark: %s (%s), %d clients, %s s per scenario after %s s warm-up%s; %d cores; %s%n",
                settings.target(), settings.apihost(), settings.clients(), Benchmark.fmt(settings.seconds()),
                Benchmark.fmt(settings.warmup()), settings.shortMode() ? ", SHORT mode (figures only, nothing asserted)" : "",
                Runtime.getRuntime().availableProcessors(), Instant.now());
        out.printf(Locale.ROOT, "machine: %s at the start, %s at the end%s%n", loadAtStart, loadAtEnd(),
                loadAtEnd().perCore() > 1 ? " (more than one runnable task per core: figures include waiting for a CPU)"
                        : "");
        out.println();
        out.printf(Locale.ROOT, "%-72s %7s %9s %9s %9s  %s%n", "FLOOR (one request at a time)", "n", "p50 ms", "p90 ms", "p99 ms", "notes");
        for (Stats f : floors.values()) {
            if (!f.measured()) {
                out.printf(Locale.ROOT, "%-72s %7s %9s %9s %9s  %s%n", cut(f.label, 72), "-", "-", "-", "-",
                        f.reason() != null ? f.reason() : "failed: " + f.firstError);
                continue;
            }
            out.printf(Locale.ROOT, "%-72s %7d %9.3f %9.3f %9.3f  %s%n", cut(f.label, 72), f.count, f.p50(), f.ms(90), f.ms(99),
                    notes(f));
        }
        out.println();
        out.printf(Locale.ROOT, "%-46s %3s %7s %4s %9s %9s %9s %9s %10s %7s %6s  %s%n", "SCENARIO", "cl", "n", "err",
                "p50 ms", "p90 ms", "p99 ms", "req/s", "floor", "ratio", "target", "verdict");
        Map<String, String> legend = new LinkedHashMap<>();
        for (Stats s : scenarios) {
            if (!s.measured()) {
                out.printf(Locale.ROOT, "%-46s %3d %7d %4d  %s%n", cut(s.label, 46), s.clients, 0, s.errors,
                        s.reason() != null ? s.reason() : "no successful request: " + s.firstError);
                continue;
            }
            Comparison c = compare(s);
            String floorCell = "-";
            if (c != null) {
                String key = c.floor().formula();
                legend.putIfAbsent(key, "F" + (legend.size() + 1));
                floorCell = c.metric().equals("throughput")
                        ? String.format(Locale.ROOT, "%s %.0f/s", legend.get(key), c.floor().ms())
                        : c.floor().known() ? String.format(Locale.ROOT, "%s %.2f", legend.get(key), c.floor().ms()) : legend.get(key) + " n/a";
            }
            out.printf(Locale.ROOT, "%-46s %3d %7d %4d %9.2f %9.2f %9.2f %9.1f %10s %7s %6s  %s%n", cut(s.label, 46),
                    s.clients, s.count, s.errors, s.p50(), s.ms(90), s.ms(99), s.throughput(), floorCell,
                    c == null || Double.isNaN(c.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f%s", c.ratio(),
                            c.metric().equals("throughput") ? "" : "×"),
                    c == null ? "-" : c.target(), c == null ? "" : c.verdict());
            String notes = notes(s);
            if (!notes.isEmpty()) {
                out.printf(Locale.ROOT, "%-46s %s%n", "", "  " + notes);
            }
        }
        out.println();
        out.println("Floors (sums of floor p50s, ms):");
        for (Map.Entry<String, String> e : legend.entrySet()) {
            out.println("  " + e.getValue() + " = " + e.getKey());
        }
        out.println("  ratio = scenario p50 / floor (d.: its throughput / the single action's, same clients)");
        for (Stats s : scenarios) {
            Comparison c = compare(s);
            if (c != null && !c.floor().note().isEmpty()) {
                out.println("  note (" + s.id + "): " + c.floor().note());
            }
        }
        if (!memoryIdle.isEmpty()) {
            out.println();
            out.println("RESIDENT MEMORY (VmRSS, MB)      idle before load   idle after load");
            for (String name : memoryIdle.keySet()) {
                out.printf(Locale.ROOT, "  %-30s %16s %17s%n", name, mb(memoryIdle.get(name)), mb(memoryAfter.get(name)));
            }
            long total = memoryTargetKb(memoryIdle);
            if (total >= 0) {
                boolean met = total / 1024.0 <= MEMORY_TARGET_MB;
                out.printf(Locale.ROOT, "  %s idle: %.0f MB, target ≤ %d MB: %s%n", memoryTargetWhat(memoryIdle),
                        total / 1024.0, MEMORY_TARGET_MB, met ? "met" : String.format(Locale.ROOT, "missed by %.0f MB (%.0f%%)",
                                total / 1024.0 - MEMORY_TARGET_MB, 100 * (total / 1024.0 / MEMORY_TARGET_MB - 1)));
            }
        }
        out.println();
        out.println("TARGETS (issue 6)");
        for (Stats s : scenarios) {
            Comparison c = compare(s);
            if (c != null && c.met() != null || (c != null && c.verdict().startsWith("unknown"))) {
                out.printf(Locale.ROOT, "  %-46s ratio %s, target %s: %s%n", cut(s.label, 46),
                        Double.isNaN(c.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", c.ratio()), c.target(), c.verdict());
            }
        }
        if (!memoryIdle.isEmpty() && memoryTargetKb(memoryIdle) >= 0) {
            long total = memoryTargetKb(memoryIdle);
            out.printf(Locale.ROOT, "  %-46s %.0f MB, target ≤ %d MB: %s%n", "idle controller + invoker memory", total / 1024.0,
                    MEMORY_TARGET_MB, total / 1024.0 <= MEMORY_TARGET_MB ? "met" : "missed");
        } else {
            out.println("  idle controller + invoker memory               not measured (no --pids)");
        }
        if (settings.containers().equals("process")) {
            out.println("  cold start in Docker                           not measured here (process containers; "
                    + (floors.containsKey("floor.docker-run-init") && floors.get("floor.docker-run-init").reason() != null
                    ? floors.get("floor.docker-run-init").reason() : "use --containers docker") + ")");
        }
        out.printf(Locale.ROOT, "%nbenchmark took %.0f s%n", totalSeconds);
    }

    private static String notes(Stats s) {
        List<String> parts = new ArrayList<>();
        s.extra.forEach((k, v) -> {
            if (!k.equals("not measured")) {
                parts.add(k + " " + v);
            }
        });
        if (s.errors > 0 && s.firstError != null) {
            parts.add("first error: " + s.firstError);
        } else if (s.firstError != null) {
            parts.add(s.firstError);
        }
        return String.join("; ", parts);
    }

    private static String mb(Long kb) {
        return kb == null ? "-" : kb < 0 ? "gone" : String.format(Locale.ROOT, "%.0f", kb / 1024.0);
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    void writeJson(Path file) throws IOException {
        ObjectNode root = Json.object();
        root.put("target", settings.target()).put("apihost", settings.apihost()).put("clients", settings.clients())
                .put("durationSeconds", settings.seconds()).put("warmupSeconds", settings.warmup())
                .put("short", settings.shortMode()).put("containers", settings.containers())
                .put("cores", Runtime.getRuntime().availableProcessors()).put("time", Instant.now().toString())
                .put("totalSeconds", Floors.round(totalSeconds));
        ObjectNode load = root.putObject("loadAverage");
        for (var e : java.util.Map.of("atStart", loadAtStart, "atEnd", loadAtEnd()).entrySet()) {
            ObjectNode l = load.putObject(e.getKey());
            number(l, "1m", e.getValue().one());
            number(l, "5m", e.getValue().five());
            number(l, "15m", e.getValue().fifteen());
        }
        ArrayNode fl = root.putArray("floors");
        for (Stats f : floors.values()) {
            fl.add(entry(f));
        }
        ArrayNode sc = root.putArray("scenarios");
        for (Stats s : scenarios) {
            ObjectNode e = entry(s);
            Comparison c = compare(s);
            if (c != null) {
                ObjectNode floor = e.putObject("floor");
                floor.put("formula", c.floor().formula());
                number(floor, c.metric().equals("throughput") ? "perSecond" : "ms", c.floor().ms());
                if (!c.floor().note().isEmpty()) {
                    floor.put("note", c.floor().note());
                }
                e.put("ratioOf", c.metric().equals("throughput") ? "throughput / floor throughput" : "p50 / floor");
                number(e, "ratio", c.ratio());
                e.put("target", c.target());
                if (c.met() != null) {
                    e.put("met", c.met());
                }
                e.put("verdict", c.verdict());
            }
            sc.add(e);
        }
        if (!memoryIdle.isEmpty()) {
            ObjectNode m = root.putObject("memory");
            ObjectNode idle = m.putObject("idleBeforeLoadMB");
            memoryIdle.forEach((k, v) -> number(idle, k, v < 0 ? Double.NaN : Floors.round(v / 1024.0)));
            ObjectNode after = m.putObject("idleAfterLoadMB");
            memoryAfter.forEach((k, v) -> number(after, k, v < 0 ? Double.NaN : Floors.round(v / 1024.0)));
            long total = memoryTargetKb(memoryIdle);
            if (total >= 0) {
                m.put("targetOf", memoryTargetWhat(memoryIdle));
                m.put("idleMB", Floors.round(total / 1024.0));
                m.put("target", "≤ " + MEMORY_TARGET_MB + " MB");
                m.put("met", total / 1024.0 <= MEMORY_TARGET_MB);
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }

    private static ObjectNode entry(Stats s) {
        ObjectNode e = Json.object();
        e.put("id", s.id).put("name", s.label).put("clients", s.clients).put("count", s.count).put("errors", s.errors)
                .put("seconds", Floors.round(s.seconds));
        if (s.measured()) {
            ObjectNode p = e.putObject("latencyMs");
            number(p, "p50", s.p50());
            number(p, "p90", s.ms(90));
            number(p, "p99", s.ms(99));
            number(p, "mean", s.meanMs());
            number(p, "max", s.maxMs());
            number(e, "throughputPerSecond", s.throughput());
        }
        if (s.reason() != null) {
            e.put("notMeasured", s.reason());
        }
        if (s.firstError != null) {
            e.put("firstError", s.firstError);
        }
        ObjectNode extra = Json.object();
        s.extra.forEach((k, v) -> {
            if (!k.equals("not measured")) {
                extra.put(k, String.valueOf(v));
            }
        });
        if (!extra.isEmpty()) {
            e.set("extra", extra);
        }
        return e;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(key);
        } else {
            o.put(key, Math.round(v * 1000) / 1000.0);
        }
    }

    /** Grouped bars of p50/p90/p99 per scenario and floor, log scale; returns the file or why it is missing. */
    String writePlot(Path file) {
        try {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            double lo = Double.MAX_VALUE;
            double hi = 0;
            List<Stats> all = new ArrayList<>(scenarios);
            all.addAll(floors.values());
            for (Stats s : all) {
                if (!s.measured()) {
                    continue;
                }
                String column = s.id.startsWith("floor.") ? "floor " + s.id.substring(6)
                        : s.id + (s.clients > 1 ? " (" + s.clients + " cl)" : "");
                data.addValue(Math.max(0.001, s.p50()), "p50", column);
                data.addValue(Math.max(0.001, s.ms(90)), "p90", column);
                data.addValue(Math.max(0.001, s.ms(99)), "p99", column);
                lo = Math.min(lo, Math.max(0.001, s.p50()));
                hi = Math.max(hi, s.ms(99));
            }
            LatencyChart.write(file, "Brisk latency percentiles: " + settings.target() + " (" + settings.clients()
                    + " clients" + (settings.shortMode() ? ", short" : "") + ")", "latency (ms, log scale)", data, lo, hi);
            return file.toString();
        } catch (Throwable e) { // e.g. no fonts on a minimal machine: the figures are in the table and JSON
            return "not written (" + e + ")";
        }
    }
}
