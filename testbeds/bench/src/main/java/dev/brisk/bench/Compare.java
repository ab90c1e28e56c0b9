package dev.brisk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.json.Json;
import org.jfree.data.category.DefaultCategoryDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Two benchmark results side by side: {@code Compare A/results.json B/results.json [--out DIR]} prints each
 * scenario's p50, p99 and throughput on both targets with the ratios B / A, and draws both targets' p50 per scenario in
 * one plot ({@code compare.png}). Each run's machine load is printed too: two runs are only comparable on the same
 * machine under a similar load.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of("target/bench");
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println("usage: Compare A/results.json B/results.json [--out DIR]");
                return;
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (files.size() != 2) {
            System.err.println("usage: Compare A/results.json B/results.json [--out DIR]");
            System.exit(2);
        }
        JsonNode a = read(files.get(0));
        JsonNode b = read(files.get(1));
        print(a, b, System.out);
        System.out.println("plot: " + plot(a, b, out.resolve("compare.png")));
    }

    private static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no results file " + file + " (ci/bench writes testbeds/bench/target/bench/results.json)");
        }
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        if (!root.path("scenarios").isArray()) {
            throw new IOException(file + " is not a benchmark results file (no scenarios)");
        }
        return root;
    }

    static void print(JsonNode a, JsonNode b, PrintStream out) {
        String na = name(a);
        String nb = name(b);
        out.printf(Locale.ROOT, "A = %s: %s, %s%n", na, a.path("time").asText(), load(a));
        out.printf(Locale.ROOT, "B = %s: %s, %s%n%n", nb, b.path("time").asText(), load(b));
        out.printf(Locale.ROOT, "%-44s %10s %10s %7s %10s %10s %7s %9s %9s %7s%n", "SCENARIO", "A p50 ms", "B p50 ms",
                "B/A", "A p99 ms", "B p99 ms", "B/A", "A req/s", "B req/s", "B/A");
        Map<String, JsonNode> bById = byId(b);
        for (JsonNode sa : a.path("scenarios")) {
            JsonNode sb = bById.get(sa.path("id").asText());
            if (sb == null) {
                out.printf(Locale.ROOT, "%-44s only in A%n", cut(sa.path("name").asText(), 44));
                continue;
            }
            double pa = sa.path("latencyMs").path("p50").asDouble(Double.NaN);
            double pb = sb.path("latencyMs").path("p50").asDouble(Double.NaN);
            double qa = sa.path("latencyMs").path("p99").asDouble(Double.NaN);
            double qb = sb.path("latencyMs").path("p99").asDouble(Double.NaN);
            double ta = sa.path("throughputPerSecond").asDouble(Double.NaN);
            double tb = sb.path("throughputPerSecond").asDouble(Double.NaN);
            out.printf(Locale.ROOT, "%-44s %10s %10s %7s %10s %10s %7s %9s %9s %7s%n",
                    cut(sa.path("name").asText(), 44), f(pa), f(pb), ratio(pb, pa), f(qa), f(qb), ratio(qb, qa),
                    f(ta), f(tb), ratio(tb, ta));
        }
        for (String id : bById.keySet()) {
            if (byId(a).get(id) == null) {
                out.printf(Locale.ROOT, "%-44s only in B%n", cut(bById.get(id).path("name").asText(), 44));
            }
        }
    }

    /** Grouped bars: each scenario's p50 on A and on B, log scale. */
    static String plot(JsonNode a, JsonNode b, Path file) {
        try {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            String na = "A: " + name(a);
            String nb = "B: " + name(b);
            Map<String, JsonNode> bById = byId(b);
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (JsonNode sa : a.path("scenarios")) {
                JsonNode sb = bById.get(sa.path("id").asText());
                double pa = sa.path("latencyMs").path("p50").asDouble(Double.NaN);
                double pb = sb == null ? Double.NaN : sb.path("latencyMs").path("p50").asDouble(Double.NaN);
                if (Double.isNaN(pa) || Double.isNaN(pb)) {
                    continue;
                }
                lo = Math.min(lo, Math.max(0.001, Math.min(pa, pb)));
                hi = Math.max(hi, Math.max(pa, pb));
                String column = sa.path("id").asText();
                data.addValue(Math.max(0.001, pa), na, column);
                data.addValue(Math.max(0.001, pb), nb, column);
            }
            LatencyChart.write(file, "p50 per scenario: " + name(a) + " vs " + name(b), "p50 latency (ms, log scale)",
                    data, lo, hi);
            return file.toString();
        } catch (Throwable e) { // e.g. no fonts on a minimal machine: the table has the figures
            return "not written (" + e + ")";
        }
    }

    private static Map<String, JsonNode> byId(JsonNode root) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        root.path("scenarios").forEach(s -> m.put(s.path("id").asText(), s));
        return m;
    }

    private static String name(JsonNode root) {
        String target = root.path("target").asText("");
        return target.isEmpty() ? root.path("apihost").asText("?") : target;
    }

    private static String load(JsonNode root) {
        JsonNode l = root.path("loadAverage");
        if (l.isMissingNode()) {
            return root.path("cores").asInt() + " cores (load not recorded)";
        }
        return String.format(Locale.ROOT, "%d cores, load (1 min) %s at start, %s at end", root.path("cores").asInt(),
                l.path("atStart").path("1m").asText("?"), l.path("atEnd").path("1m").asText("?"));
    }

    private static String ratio(double x, double base) {
        return Double.isNaN(x) || Double.isNaN(base) || base == 0 ? "-" : String.format(Locale.ROOT, "%.2f", x / base);
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
