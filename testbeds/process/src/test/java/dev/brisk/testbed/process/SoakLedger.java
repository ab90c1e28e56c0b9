package dev.brisk.testbed.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** What a soak saw: every activation id the platform handed out, every error, and every latency. */
final class SoakLedger {
    final ConcurrentLinkedQueue<String> activationIds = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
    private final Map<SoakTraffic.Op, AtomicLong> counts = new EnumMap<>(SoakTraffic.Op.class);
    final AtomicLong requests = new AtomicLong();

    SoakLedger() {
        for (SoakTraffic.Op op : SoakTraffic.Op.values()) {
            counts.put(op, new AtomicLong());
        }
    }

    void done(SoakTraffic.Op op, long micros, int httpRequests) {
        counts.get(op).incrementAndGet();
        this.micros.add(micros);
        requests.addAndGet(httpRequests);
    }

    void error(String what) {
        errors.add(what);
    }

    long operations() {
        return micros.size();
    }

    /** The p-th percentile of operation latency in milliseconds. */
    double percentileMillis(double p) {
        List<Long> sorted = new ArrayList<>(micros);
        if (sorted.isEmpty()) {
            return 0;
        }
        Collections.sort(sorted);
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1000.0;
    }

    String counts() {
        return counts.toString();
    }
}
