package dev.brisk.bench;

import dev.brisk.testbed.support.Testbed;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The command line. */
record Settings(String apihost, String auth, boolean insecure, double seconds, double warmup, int clients,
                boolean shortMode, Path out, Map<String, Long> pids, int kafkaBudgetSeconds, String dockerImage,
                String containers, int coldCount, int actions, String target, double floorSeconds, double floorWarmup,
                int startCount, int drainSeconds, java.util.Set<Character> scenarios, java.util.List<String> metrics) {

    /** Every scenario, in the order they run. */
    static final String ALL_SCENARIOS = "aefcdbg";

    static final String USAGE = """
            usage: Benchmark --apihost URL --auth UUID:KEY [options]
              --apihost URL         the OpenWhisk-compatible endpoint (default http://localhost:3233)
              --auth UUID:KEY       credentials of the namespace to benchmark in (default: OpenWhisk's guest key)
              --insecure            trust any TLS certificate (like wsk -i)
              --duration S          measured seconds per scenario (default 20; --short: 2.5)
              --warmup S            unmeasured seconds before each scenario (default 5; --short: 1)
              --clients N           concurrent clients (default 4 = 2 x cores, as OpenWhisk's throughput test)
              --short               everything in well under 2 minutes (CI); figures only, nothing asserted
              --out DIR             results.json and latency.png (default target/bench)
              --pids a=1,b=2        processes whose idle resident memory (VmRSS) to report, e.g.
                                    controller=123,invoker0=456 (or standalone=789)
              --kafka-budget S      seconds the Kafka floor's broker may take to start (default 90; --short: 40;
                                    0 skips the Kafka floor)
              --docker-image IMG    nodejs action image for the docker run + /init floor (default
                                    openwhisk/action-nodejs-v20)
              --containers K        the target's container factory: process (default) or docker; picks the
                                    cold-start floor
              --cold N              cold starts to measure (default 30; --short: 6)
              --actions N           distinct actions of scenario d (default 100)
              --target NAME         a name for the target in the report (e.g. standalone, process)
              --scenarios LETTERS   run only these scenarios, e.g. g or a,g (default all: a,b,c,d,e,f,g); the
                                    floors are measured only for a scenario compared with them (a, b, c, e, f)
              --metrics URL[,URL]   where g reads brisk_invoker_containers (GET URL/metrics), e.g. each invoker
                                    of a testbed (default: the apihost, which the standalone answers)
            """;

    static Settings parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        boolean insecure = false;
        boolean shortMode = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--insecure", "-i" -> insecure = true;
                case "--short" -> shortMode = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> {
                    if (!a.startsWith("--")) {
                        throw new IllegalArgumentException("unexpected argument " + a + "\n" + USAGE);
                    }
                    String key = a.substring(2);
                    String value;
                    int eq = key.indexOf('=');
                    if (eq > 0) {
                        value = key.substring(eq + 1);
                        key = key.substring(0, eq);
                    } else {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
                        }
                        value = args[++i];
                    }
                    if (!java.util.Set.of("apihost", "auth", "duration", "warmup", "clients", "out", "pids",
                            "kafka-budget", "docker-image", "containers", "cold", "actions", "target", "scenarios", "metrics")
                            .contains(key)) {
                        throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    }
                    o.put(key, value);
                }
            }
        }
        String apihost = env(o, "apihost", "BRISK_APIHOST", "http://localhost:3233");
        String auth = env(o, "auth", "BRISK_AUTH", Testbed.GUEST_KEY);
        double seconds = Double.parseDouble(o.getOrDefault("duration", shortMode ? "2.5" : "20"));
        double warmup = Double.parseDouble(o.getOrDefault("warmup", shortMode ? "1" : "5"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "4"));
        if (clients < 1 || clients > 256) {
            throw new IllegalArgumentException("--clients must be 1..256");
        }
        if (seconds <= 0 || seconds > 3600 || warmup < 0 || warmup > 600) {
            throw new IllegalArgumentException("--duration must be in (0, 3600] and --warmup in [0, 600]");
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        String p = o.getOrDefault("pids", "");
        for (String part : p.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--pids wants name=pid[,name=pid...], got " + part);
            }
            pids.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
        }
        String containers = o.getOrDefault("containers", "process");
        if (!containers.equals("process") && !containers.equals("docker")) {
            throw new IllegalArgumentException("--containers is process or docker");
        }
        java.util.Set<Character> scenarios = scenarios(o.getOrDefault("scenarios", ALL_SCENARIOS));
        java.util.List<String> metrics = java.util.Arrays.stream(o.getOrDefault("metrics", apihost).split(","))
                .map(String::trim).filter(u -> !u.isEmpty()).toList();
        if (metrics.isEmpty() || !metrics.stream().allMatch(u -> u.startsWith("http://") || u.startsWith("https://"))) {
            throw new IllegalArgumentException("--metrics wants http(s) URLs, got " + o.get("metrics") + "\n" + USAGE);
        }
        return new Settings(apihost, auth, insecure, seconds, warmup, clients, shortMode,
                Path.of(o.getOrDefault("out", "target/bench")), pids,
                Integer.parseInt(o.getOrDefault("kafka-budget", shortMode ? "40" : "90")),
                o.getOrDefault("docker-image", "openwhisk/action-nodejs-v20"), containers,
                Integer.parseInt(o.getOrDefault("cold", shortMode ? "6" : "30")),
                Integer.parseInt(o.getOrDefault("actions", "100")),
                o.getOrDefault("target", apihost),
                shortMode ? 1 : 5, shortMode ? 0.5 : 1, shortMode ? 6 : 30, shortMode ? 15 : 120, scenarios, metrics);
    }

    /** The letters of {@code --scenarios} ({@code g}, {@code a,g}, {@code ag}); an unknown one is refused. */
    static java.util.Set<Character> scenarios(String value) {
        java.util.Set<Character> chosen = new java.util.TreeSet<>();
        for (char c : value.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == ',' || Character.isWhitespace(c)) {
                continue;
            }
            if (ALL_SCENARIOS.indexOf(c) < 0) {
                throw new IllegalArgumentException("--scenarios takes letters of a..g, got " + value + "\n" + USAGE);
            }
            chosen.add(c);
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--scenarios needs at least one of a..g\n" + USAGE);
        }
        return java.util.Collections.unmodifiableSet(chosen);
    }

    /** Whether scenario {@code letter} runs. */
    boolean runs(char letter) {
        return scenarios.contains(letter);
    }

    /** Whether a scenario that is compared with the floors runs (a, b, c, e, f). */
    boolean needsFloors() {
        return runs('a') || runs('b') || runs('c') || runs('e') || runs('f');
    }

    private static String env(Map<String, String> o, String key, String env, String fallback) {
        String v = o.get(key);
        if (v == null) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v;
    }
}
