package dev.brisk.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one scenario or floor measured: latencies (µs in the histogram), counts and the measured seconds. */
final class Stats {
    final String id;
    final String label;
    final int clients;
    final long count;
    final long errors;
    final double seconds;
    final Histogram histogram;
    final String firstError;
    /** Extra figures (e.g. the records' initTime p50) and notes, shown in the table and the JSON. */
    final Map<String, Object> extra = new LinkedHashMap<>();

    Stats(String id, String label, int clients, long count, long errors, double seconds, Histogram histogram,
          String firstError) {
        this.id = id;
        this.label = label;
        this.clients = clients;
        this.count = count;
        this.errors = errors;
        this.seconds = seconds;
        this.histogram = histogram;
        this.firstError = firstError;
    }

    /** A figure that could not be taken here, with the reason printed in its place. */
    static Stats notMeasured(String id, String label, String reason) {
        return new Stats(id, label, 1, 0, 0, 0, Load.histogram(), null).with("not measured", reason);
    }

    String reason() {
        Object r = extra.get("not measured");
        return r == null ? null : r.toString();
    }

    boolean measured() {
        return count > 0;
    }

    /** Percentile in milliseconds (NaN when nothing was recorded). */
    double ms(double percentile) {
        return count == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double p50() {
        return ms(50);
    }

    double meanMs() {
        return count == 0 ? Double.NaN : histogram.getMean() / 1000.0;
    }

    double maxMs() {
        return count == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    double throughput() {
        return count / seconds;
    }

    Stats with(String key, Object value) {
        extra.put(key, value);
        return this;
    }
}
