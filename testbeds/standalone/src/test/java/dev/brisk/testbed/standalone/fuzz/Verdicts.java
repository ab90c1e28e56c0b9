package dev.brisk.testbed.standalone.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Judges each answer: no 5xx, and every error body OpenWhisk's {@code {"error": string, "code": string}} object.
 * Keeps a histogram of statuses per category and the first violations of each kind, for the report.
 */
final class Verdicts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP = 20;

    private final Map<String, LongAdder> histogram = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> categories = new ConcurrentHashMap<>();
    private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> badShapes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> fixtureMutations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> transportErrors = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder serverErrorCount = new LongAdder();
    private final LongAdder badShapeCount = new LongAdder();
    private final LongAdder transportErrorCount = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final Map<String, java.util.concurrent.atomic.LongAccumulator> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> time = new ConcurrentHashMap<>();

    void record(FuzzRequest request, int status, String body, long millis) {
        total.increment();
        latency.computeIfAbsent(request.category(), k -> new java.util.concurrent.atomic.LongAccumulator(Long::max, 0))
                .accumulate(millis);
        time.computeIfAbsent(request.category(), k -> new LongAdder()).add(millis);
        histogram.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
        categories.computeIfAbsent(request.category() + " " + status, k -> new LongAdder()).increment();
        if (status < 300 && request.path().contains("fx-") && !request.method().equals("GET")
                && !request.method().equals("HEAD") && !request.method().equals("OPTIONS") && !request.path().contains("/api/v1/web/")) {
            keepMany(fixtureMutations, status + " " + abbreviate(body) + " <- " + request.describe());
        }
        if (status >= 500) {
            serverErrorCount.increment();
            keep(serverErrors, status + " " + abbreviate(body) + " <- " + request.describe());
        }
        if (status >= 400 && !"HEAD".equals(request.method()) && !isErrorShape(body)) {
            badShapeCount.increment();
            keep(badShapes, status + " " + abbreviate(body) + " <- " + request.describe());
        }
    }

    /** The client could not complete the exchange (connection reset, timeout): never acceptable either. */
    void failed(FuzzRequest request, Throwable error) {
        total.increment();
        transportErrorCount.increment();
        histogram.computeIfAbsent("no answer", k -> new LongAdder()).increment();
        keep(transportErrors, error + " <- " + request.describe());
    }

    static boolean isErrorShape(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() && n.path("error").isTextual() && n.path("code").isTextual();
        } catch (Exception e) {
            return false;
        }
    }

    private static void keep(List<String> list, String line) {
        if (list.size() < KEEP) {
            list.add(line);
        }
    }

    private static void keepMany(List<String> list, String line) {
        if (list.size() < 5 * KEEP) {
            list.add(line);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    long total() {
        return total.sum();
    }

    long serverErrors() {
        return serverErrorCount.sum();
    }

    long badShapes() {
        return badShapeCount.sum();
    }

    long transportErrors() {
        return transportErrorCount.sum();
    }

    String report() {
        StringBuilder sb = new StringBuilder("statuses:");
        new TreeMap<>(histogram).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.sum()));
        sb.append("\nper category and status:");
        new TreeMap<>(categories).forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(v.sum()));
        sb.append("\nmilliseconds per category (total, max):");
        new TreeMap<>(time).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.sum()).append('/')
                .append(latency.get(k).get()));
        if (!fixtureMutations.isEmpty()) {
            sb.append("\nfirst 2xx answers to PUT/POST/DELETE on fixture paths (invokes and fires are expected):\n  ")
                    .append(String.join("\n  ", fixtureMutations));
        }
        if (!serverErrors.isEmpty()) {
            sb.append("\nfirst 5xx (").append(serverErrors()).append("):\n  ").append(String.join("\n  ", serverErrors));
        }
        if (!badShapes.isEmpty()) {
            sb.append("\nfirst errors not in {error, code} shape (").append(badShapes()).append("):\n  ")
                    .append(String.join("\n  ", badShapes));
        }
        if (!transportErrors.isEmpty()) {
            sb.append("\nfirst requests without an answer (").append(transportErrors()).append("):\n  ")
                    .append(String.join("\n  ", transportErrors));
        }
        return sb.toString();
    }
}
