package dev.brisk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.json.Json;
import dev.brisk.runtimes.process.ProcessContainerFactory;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The performance benchmark: drives a running OpenWhisk-compatible endpoint over HTTP with N concurrent clients for
 * a bounded time, measures this machine's floors in the same run, and prints each figure beside its floor as a
 * ratio (table on stdout, {@code results.json} and {@code latency.png} in {@code --out}). Never asserts on time: the
 * exit code is 0 when the run completed (figures, met or missed), 1 when the endpoint could not be reached, 3 when a
 * scenario got no successful request at all (the platform failed, whatever the time).
 *
 * <p>Scenarios: (a) warm blocking invoke of a no-op nodejs action, with 1 client (the latency figure, like
 * OpenWhisk's wrk latency test) and with N (throughput); (b) non-blocking invoke (202 latency, then the rate the
 * backlog completes); (c) cold start, a new action each time: create, then the first blocking invoke, one at a time
 * (invoke latency and the record's initTime); (d) N clients round-robin over 100 distinct actions; (e) GET of an
 * action; (f) a blocking invoke of a sequence of three actions; (g) concurrency inside a container: 50 clients invoking
 * an action that awaits 100 ms, with {@code limits.concurrency} 50 and with 1, and the containers each used.
 */
public final class Benchmark {
    private final Settings settings;
    private final Api api;
    private final String prefix = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private String namespace = "guest";

    private Benchmark(Settings settings) {
        this.settings = settings;
        this.api = new Api(settings.apihost(), settings.auth(), settings.insecure());
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (settings.insecure()) {
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        }
        int exit = new Benchmark(settings).run();
        System.exit(exit);
    }

    private int run() throws Exception {
        long t0 = System.nanoTime();
        Path out = settings.out().toAbsolutePath();
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("brisk-bench-");
        Report report = new Report(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanup, "bench-cleanup"));
        log("benchmarking " + settings.apihost() + " (" + settings.target() + "), " + settings.clients() + " clients, "
                + fmt(settings.seconds()) + " s per scenario after " + fmt(settings.warmup()) + " s warm-up"
                + (settings.shortMode() ? ", short mode" : ""));

        // 0. the endpoint answers, and the idle memory before any load
        try {
            Api.Reply ns = api.get("/api/v1/namespaces");
            if (!ns.ok()) {
                System.err.println("the endpoint answered GET /api/v1/namespaces with " + ns.status() + ": " + ns.body());
                return 1;
            }
            JsonNode names = Json.parse(ns.body());
            if (names.isArray() && !names.isEmpty()) {
                namespace = names.get(0).asText();
            }
        } catch (Exception e) {
            System.err.println("cannot reach " + settings.apihost() + ": " + e);
            return 1;
        }
        report.memoryIdle = Memory.read(settings.pids());

        try {
            // 1. the floors, on an idle platform (only when a chosen scenario is compared with them)
            if (settings.needsFloors()) {
                floors(report, work);
            }

            // 2. the scenarios
            scenarios(report);
        } finally {
            cleanup();
            Floors.deleteTree(work);
        }
        if (!settings.pids().isEmpty()) {
            Thread.sleep(settings.shortMode() ? 1000 : 5000);
            report.memoryAfter = Memory.read(settings.pids());
        }
        report.totalSeconds = (System.nanoTime() - t0) / 1e9;
        report.print(System.out);
        report.writeJson(out.resolve("results.json"));
        String plot = report.writePlot(out.resolve("latency.png"));
        System.out.println("results: " + out.resolve("results.json") + "; plot: " + plot);
        List<String> failed = report.failedScenarios();
        if (!failed.isEmpty()) {
            System.out.println("FAILED: no successful request in " + String.join(", ", failed)
                    + " (a functional failure, not a time limit)");
            return 3;
        }
        return 0;
    }

    // ---- scenarios ----

    /** The floors, each measured one request at a time on the idle platform. */
    private void floors(Report report, Path work) throws Exception {
        Floors floors = new Floors(settings, work);
        log("floor: loopback HTTP");
        report.floor(floors.http());
        log("floor: Kafka (starting a broker, budget " + settings.kafkaBudgetSeconds() + " s)");
        report.floor(floors.kafka());
        ProcessContainerFactory factory = null;
        try {
            factory = floors.factory();
            log("floor: bare /run on a warm proxy");
            report.floor(floors.proxyRun(factory));
            log("floor: interpreter start");
            report.floor(floors.interpreter("floor.node", List.of("node", "-e", "0")));
            report.floor(floors.interpreter("floor.python", List.of("python3", "-c", "0")));
            log("floor: proxy start + /init");
            report.floor(floors.proxyStartInit(factory));
        } catch (RuntimeException e) {
            report.floor(Stats.notMeasured("floor.proxy-run", "bare /run on a warm nodejs proxy",
                    "process factory unusable: " + Floors.firstLine(e.getMessage())));
        } finally {
            if (factory != null) {
                factory.close();
            }
        }
        log("floor: docker run + /init");
        report.floor(floors.dockerRunInit());
    }

    /** The chosen scenarios (--scenarios), in the order of {@link Settings#ALL_SCENARIOS}. */
    private void scenarios(Report report) throws Exception {
        if (settings.runs('a') || settings.runs('e')) {
            String noop = prefix + "-noop";
            createNode(noop, Floors.NOOP_JS);
            if (settings.runs('a')) {
                String invokeNoop = Api.action(noop) + "?blocking=true&result=true";
                Load.Op warm = (c, n) -> expect(api.post(invokeNoop, "{}"), 200);
                log("a. warm blocking invoke, 1 client");
                report.scenario(Load.run("a1", "a. warm blocking invoke (no-op nodejs)", 1,
                        settings.warmup(), settings.seconds(), warm));
                log("a. warm blocking invoke, " + settings.clients() + " clients");
                report.scenario(Load.run("aN", "a. warm blocking invoke (no-op nodejs)", settings.clients(),
                        settings.warmup(), settings.seconds(), warm));
            }
            if (settings.runs('e')) {
                log("e. GET of an action");
                String getNoop = Api.action(noop);
                report.scenario(Load.run("e", "e. GET of an action", settings.clients(), settings.warmup(),
                        settings.seconds(), (c, n) -> expect(api.get(getNoop), 200)));
            }
        }
        if (settings.runs('f')) {
            log("f. sequence of three actions");
            report.scenario(sequence());
        }
        if (settings.runs('c')) {
            log("c. cold start (" + settings.coldCount() + " new actions, one at a time)");
            report.scenario(coldStarts());
        }
        if (settings.runs('d')) {
            log("d. " + settings.actions() + " distinct actions round-robin");
            report.scenario(roundRobin());
        }
        if (settings.runs('b')) {
            log("b. non-blocking invoke");
            report.scenario(nonBlocking());
        }
        if (settings.runs('g')) {
            log("g. concurrency inside a container (" + IO_CLIENTS + " clients, an action awaiting " + IO_MILLIS
                    + " ms)");
            concurrencyInContainer().forEach(report::scenario);
        }
    }

    /** (f) blocking invoke of a sequence of three no-op (identity) actions. */
    private Stats sequence() throws Exception {
        List<String> components = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String name = prefix + "-s" + i;
            createNode(name, "function main(params) { return params; }");
            components.add("/" + namespace + "/" + name);
        }
        String seq = prefix + "-seq";
        ObjectNode exec = Json.object().put("kind", "sequence");
        ArrayNode list = exec.putArray("components");
        components.forEach(list::add);
        ObjectNode body = Json.object();
        body.set("exec", exec);
        create(seq, body);
        String path = Api.action(seq) + "?blocking=true&result=true";
        return Load.run("f", "f. sequence of three actions", settings.clients(), settings.warmup(), settings.seconds(),
                (c, n) -> expect(api.post(path, "{}"), 200));
    }

    /**
     * (c) a new action each time: create it, then the first blocking invoke (timed), then delete it (not timed).
     * One at a time, with a short pause between, as new actions arrive in practice.
     */
    private Stats coldStarts() throws Exception {
        Histogram latency = Load.histogram();
        Histogram initTime = Load.histogram();
        Histogram createTime = Load.histogram();
        long errors = 0;
        long withoutInit = 0;
        String error = null;
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(settings.shortMode() ? 30 : 240);
        for (int i = 0; i < settings.coldCount() && System.nanoTime() < deadline; i++) {
            String name = prefix + "-cold" + i;
            long c0 = System.nanoTime();
            createNode(name, Floors.NOOP_JS);
            long c1 = System.nanoTime();
            createTime.recordValue(Math.max(1, (c1 - c0) / 1000));
            long start = System.nanoTime();
            Api.Reply r = api.post(Api.action(name) + "?blocking=true", "{}");
            long end = System.nanoTime();
            if (r.status() != 200) {
                errors++;
                error = "status " + r.status() + ": " + Floors.firstLine(r.body());
                if (errors >= 3 && latency.getTotalCount() == 0) {
                    delete(name);
                    break; // the platform completes nothing: don't spend minutes proving it
                }
            } else {
                latency.recordValue(Math.max(1, (end - start) / 1000));
                Long init = annotation(r.body(), "initTime");
                if (init != null) {
                    initTime.recordValue(Math.max(1, init * 1000));
                } else {
                    withoutInit++;
                }
            }
            delete(name);
            Thread.sleep(250);
        }
        Stats s = new Stats("c", "c. cold start: first invoke of a new action", 1, latency.getTotalCount(), errors,
                (System.nanoTime() - t0) / 1e9, latency, error);
        if (initTime.getTotalCount() > 0) {
            s.with("initTime p50 ms", Floors.round(initTime.getValueAtPercentile(50) / 1000.0));
            s.with("initTime p90 ms", Floors.round(initTime.getValueAtPercentile(90) / 1000.0));
        }
        if (withoutInit > 0) {
            s.with("records without initTime", withoutInit);
        }
        s.with("create p50 ms", Floors.round(createTime.getValueAtPercentile(50) / 1000.0));
        return s;
    }

    /** (d) N clients, each request to the next of 100 distinct no-op actions. */
    private Stats roundRobin() throws Exception {
        int count = settings.actions();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            paths.add(Api.action(prefix + "-rr" + i) + "?blocking=true&result=true");
        }
        // created by the clients in parallel, each its share
        List<Thread> creators = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            int client = c;
            creators.add(Thread.ofPlatform().start(() -> {
                for (int i = client; i < count; i += settings.clients()) {
                    try {
                        createNode(prefix + "-rr" + i, Floors.NOOP_JS);
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }
            }));
        }
        for (Thread t : creators) {
            t.join();
        }
        if (!failures.isEmpty()) {
            return Stats.notMeasured("d", "d. " + count + " distinct actions round-robin",
                    "creating the actions failed: " + failures.getFirst().getMessage());
        }
        AtomicLong next = new AtomicLong();
        return Load.run("d", "d. " + count + " distinct actions round-robin", settings.clients(),
                settings.warmup(), settings.seconds(),
                (c, n) -> expect(api.post(paths.get((int) (next.getAndIncrement() % count)), "{}"), 200));
    }

    /** (b) non-blocking invokes (the 202's latency), then waits, bounded, until their records are all written. */
    private Stats nonBlocking() throws Exception {
        String name = prefix + "-async";
        createNode(name, Floors.NOOP_JS);
        String path = Api.action(name);
        AtomicLong accepted = new AtomicLong();
        long since = System.currentTimeMillis() - 1000;
        long t0 = System.nanoTime();
        Stats s = Load.run("b", "b. non-blocking invoke (202 with the activation id)", settings.clients(),
                settings.warmup(), settings.seconds(), (c, n) -> {
                    String err = expect(api.post(path, "{}"), 202);
                    if (err == null) {
                        accepted.incrementAndGet();
                    }
                    return err;
                });
        long sent = System.nanoTime();
        String countPath = "/api/v1/namespaces/_/activations?count=true&name=" + name + "&since=" + since;
        long deadline = sent + TimeUnit.SECONDS.toNanos(settings.drainSeconds());
        long done = -1;
        long progressAt = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Api.Reply r = api.get(countPath);
            if (r.ok()) {
                long now = Json.parse(r.body()).path("activations").asLong(-1);
                if (now > done) {
                    progressAt = System.nanoTime();
                }
                done = now;
                if (done >= accepted.get()) {
                    break;
                }
            }
            if (System.nanoTime() - progressAt > TimeUnit.SECONDS.toNanos(15)) {
                s.with("no progress for s", 15);
                break; // nothing completes any more
            }
            Thread.sleep(250);
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        s.with("accepted", accepted.get());
        if (done >= accepted.get()) {
            s.with("all records written after s", Floors.round(elapsed));
            s.with("completed/s", Floors.round(accepted.get() / elapsed));
        } else {
            s.with("records written", done);
            s.with("not drained within s", settings.drainSeconds());
        }
        return s;
    }

    /** Clients of scenario g, and the action's concurrency there: issue 19's figure. */
    static final int IO_CLIENTS = 50;
    /** What g's action awaits (a timer: I/O, no CPU). */
    static final int IO_MILLIS = 100;

    /**
     * (g) {@link #IO_CLIENTS} clients invoke an action that awaits {@link #IO_MILLIS} ms, first with
     * {@code limits.concurrency} {@link #IO_CLIENTS}, then with 1: the throughput of each and the most containers
     * busy at once (the invoker's {@code brisk_invoker_containers{state="busy"}} at {@code /metrics}, sampled).
     */
    private List<Stats> concurrencyInContainer() throws Exception {
        String code = "function main() { return new Promise(r => setTimeout(() => r({}), " + IO_MILLIS + ")); }";
        awaitQuiet();
        Stats shared = ioScenario("gN", IO_CLIENTS, code);
        Stats single = ioScenario("g1", 1, code);
        if (shared.measured() && single.measured()) {
            shared.with("throughput vs concurrency 1", Floors.round(shared.throughput() / single.throughput()) + "x");
        }
        return List.of(shared, single);
    }

    /**
     * Waits (bounded) until no action container is busy: the backlog of b. that was not drained in its time would
     * otherwise run beside g.'s clients, and g. would measure both (seen: 11 containers busy, a tenth of the rate).
     */
    private void awaitQuiet() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainSeconds() * 2L);
        long busy = -1;
        while (System.nanoTime() < deadline) {
            Api.Reply r = api.get(BusyContainers.METRICS_PATH);
            busy = r.ok() ? BusyContainers.busy(r.body()) : -1;
            if (busy <= 0) {
                return; // quiet, or the target does not say
            }
            Thread.sleep(250);
        }
        log("  still " + busy + " containers busy after " + settings.drainSeconds() * 2 + " s: g. runs beside them");
    }

    private Stats ioScenario(String id, int concurrency, String code) throws Exception {
        String label = "g. " + IO_MILLIS + " ms I/O, concurrency " + concurrency;
        String name = prefix + "-io" + concurrency;
        ObjectNode body = Json.object();
        body.set("exec", Json.object().put("kind", "nodejs:default").put("code", code));
        body.set("limits", Json.object().put("concurrency", concurrency));
        try {
            create(name, body);
        } catch (IllegalStateException e) {
            // OpenWhisk's default bound is concurrency 1 (whisk.concurrency-limit.max)
            return Stats.notMeasured(id, label, "the target refused concurrency " + concurrency + ": "
                    + Floors.firstLine(e.getMessage()));
        }
        String path = Api.action(name) + "?blocking=true&result=true";
        BusyContainers busy = new BusyContainers(settings.metrics().stream()
                .map(url -> new Api(url, settings.auth(), settings.insecure())).toList());
        AtomicLong succeeded = new AtomicLong();
        long cpuBefore = Cpu.ticks(settings.pids());
        Stats s;
        try {
            s = Load.run(id, label, IO_CLIENTS, settings.warmup(), settings.seconds(), (c, n) -> {
                String failure = expect(api.post(path, "{}"), 200);
                if (failure == null) {
                    succeeded.incrementAndGet();
                }
                return failure;
            });
        } finally {
            busy.stop();
        }
        long cpuAfter = Cpu.ticks(settings.pids());
        if (cpuBefore >= 0 && cpuAfter >= cpuBefore && succeeded.get() > 0) {
            // warm-up and measured requests alike: the CPU of both over all of them
            s.with("platform CPU ms per request", Floors.round((cpuAfter - cpuBefore) * Cpu.MILLIS_PER_TICK
                    / succeeded.get()));
        }
        s.with("containers (most busy at once)", busy.max() < 0 ? "n/a (no brisk_invoker_containers at "
                + String.join(", ", settings.metrics()) + "/metrics)"
                : busy.max());
        delete(name); // its containers retire at once, out of the next scenario's way
        return s;
    }

    /**
     * Samples the most action containers busy at once from the invokers' /metrics (every 50 ms), asking for that one
     * metric ({@code name[]}): the whole text holds every action's meters (hundreds of KB after scenario d), and
     * formatting it 20 times a second took CPU from the very platform being measured. A target that ignores the
     * filter answers everything, which is parsed the same.
     */
    static final class BusyContainers {
        static final String METRICS_PATH = "/metrics?name%5B%5D=brisk_invoker_containers";
        private final AtomicLong max = new AtomicLong(-1);
        private final Thread sampler;
        private volatile boolean running = true;

        BusyContainers(List<Api> invokers) {
            sampler = Thread.ofPlatform().daemon().name("bench-busy-containers").start(() -> {
                while (running) {
                    try {
                        long busy = -1;
                        for (Api invoker : invokers) {
                            Api.Reply r = invoker.get(METRICS_PATH);
                            long one = r.ok() ? busy(r.body()) : -1;
                            busy = one < 0 ? busy : Math.max(busy, 0) + one;
                        }
                        max.accumulateAndGet(busy, Math::max);
                        if (busy < 0) {
                            return; // no target has such a metric
                        }
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        /** The sum of {@code brisk_invoker_containers{state="busy"}} over the invokers; -1 when there is none. */
        static long busy(String prometheusText) {
            long sum = -1;
            for (String line : prometheusText.split("\n")) {
                if (line.startsWith("brisk_invoker_containers{") && line.contains("state=\"busy\"")) {
                    sum = Math.max(sum, 0) + (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        }

        long max() {
            return max.get();
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.interrupt();
            sampler.join(5_000);
        }
    }

    // ---- helpers ----

    private static String expect(Api.Reply r, int status) {
        return r.status() == status ? null : "status " + r.status() + ": " + Floors.firstLine(r.body());
    }

    private void createNode(String name, String code) throws Exception {
        ObjectNode exec = Json.object().put("kind", "nodejs:default").put("code", code);
        ObjectNode body = Json.object();
        body.set("exec", exec);
        create(name, body);
    }

    private void create(String name, ObjectNode body) throws Exception {
        created.add(name);
        Api.Reply r = api.put(Api.action(name) + "?overwrite=true", body.toString());
        if (!r.ok()) {
            throw new IllegalStateException("PUT action " + name + " answered " + r.status() + ": " + r.body());
        }
    }

    private void delete(String name) {
        try {
            Api.Reply r = api.delete(Api.action(name));
            if (r.ok() || r.status() == 404) {
                created.remove(name);
            }
        } catch (Exception e) {
            // kept in `created`; cleanup tries again
        }
    }

    /** Deletes what this run created (also from the shutdown hook after Ctrl-C); bounded by the request timeout. */
    private void cleanup() {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        List<String> names = new ArrayList<>(created);
        // the sequence first, then the rest from a few threads
        names.stream().filter(n -> n.endsWith("-seq")).forEach(this::delete);
        List<String> rest = names.stream().filter(n -> !n.endsWith("-seq")).toList();
        int threads = Math.max(1, Math.min(settings.clients(), 8));
        List<Thread> deleters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            deleters.add(Thread.ofPlatform().start(() -> {
                for (int i = first; i < rest.size(); i += threads) {
                    delete(rest.get(i));
                }
            }));
        }
        for (Thread t : deleters) {
            try {
                t.join(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!created.isEmpty()) {
            System.err.println("could not delete " + created.size() + " actions: " + created);
        }
    }

    private static Long annotation(String recordJson, String key) {
        try {
            for (JsonNode a : Json.parse(recordJson).path("annotations")) {
                if (key.equals(a.path("key").asText())) {
                    return a.path("value").asLong();
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(v);
    }

    private static final long STARTED = System.nanoTime();

    static void log(String line) {
        System.err.printf(java.util.Locale.ROOT, "[bench %5.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, line);
    }

    /** Resident memory of the given processes, from /proc/<pid>/status (VmRSS). */
    static final class Memory {
        static Map<String, Long> read(Map<String, Long> pids) {
            Map<String, Long> kb = new LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                        if (line.startsWith("VmRSS:")) {
                            kb.put(name, Long.parseLong(line.replaceAll("[^0-9]", "")));
                        }
                    }
                } catch (Exception e) {
                    kb.put(name, -1L);
                }
            });
            return kb;
        }
    }

    /**
     * CPU time the given processes and their descendants (action containers) used, from /proc/<pid>/stat (utime +
     * stime, clock ticks of 10 ms): what a scenario costs the platform, whatever else the machine runs meanwhile.
     * -1 when there is nothing to read (no --pids, another machine's target).
     */
    static final class Cpu {
        static final double MILLIS_PER_TICK = 10; // USER_HZ is 100 on every Linux architecture Brisk runs on

        static long ticks(Map<String, Long> pids) {
            if (pids.isEmpty()) {
                return -1;
            }
            long total = 0;
            for (long pid : pids.values()) {
                var handle = ProcessHandle.of(pid);
                if (handle.isEmpty()) {
                    return -1;
                }
                total += ticks(pid);
                for (var child : handle.get().descendants().toList()) {
                    total += Math.max(0, ticks(child.pid()));
                }
            }
            return total;
        }

        /** utime + stime of one process; 0 when it is gone. */
        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // fields after the command name, which is in parentheses and may hold spaces
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (Exception e) {
                return 0;
            }
        }
    }
}
