package dev.brisk.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import dev.brisk.conformance.support.ConfigFileSource;
import dev.brisk.conformance.support.TargetConfig;

/**
 * Executable entry point of the conformance jar.
 *
 * <pre>
 * java -jar brisk-conformance-tests.jar [--apihost URL] [--auth KEY] [--auth2 KEY] [--admin-auth KEY] [--namespace NS] [--insecure]
 *      [--claims a,b] [--timeout-factor F] [--reports DIR] [--config FILE]
 * </pre>
 *
 * Flags become system properties ({@code brisk.*}) before the MicroProfile configuration is read, so they beat
 * environment variables and files. Exit code 0 iff no scenario failed and at least one passed, 1 otherwise, 2 on bad
 * usage. The last line printed is {@code N passed, N failed, N skipped}; the reports directory gets it as
 * {@code summary.txt}, and {@code skipped.txt} lists each skipped scenario with its reason.
 */
public final class ConformanceMain {

    private static final Map<String, String> VALUE_FLAGS = new LinkedHashMap<>();

    static {
        VALUE_FLAGS.put("--apihost", TargetConfig.APIHOST);
        VALUE_FLAGS.put("--auth", TargetConfig.AUTH);
        VALUE_FLAGS.put("--auth2", TargetConfig.AUTH2);
        VALUE_FLAGS.put("--admin-auth", TargetConfig.ADMIN_AUTH);
        VALUE_FLAGS.put("--namespace", TargetConfig.NAMESPACE);
        VALUE_FLAGS.put("--claims", TargetConfig.CLAIMS);
        VALUE_FLAGS.put("--timeout-factor", TargetConfig.TIMEOUT_FACTOR);
        VALUE_FLAGS.put("--cache-window", TargetConfig.CACHE_WINDOW);
        VALUE_FLAGS.put("--reports", TargetConfig.REPORTS);
        VALUE_FLAGS.put("--config", ConfigFileSource.PROPERTY);
        VALUE_FLAGS.put("--default-kind", TargetConfig.DEFAULT_KIND);
        VALUE_FLAGS.put("--blackbox-image", TargetConfig.BLACKBOX_IMAGE);
    }

    private ConformanceMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (System.getProperty("brisk.help") != null) {
            out.println(usage());
            return 0;
        }
        TargetConfig config;
        try {
            config = TargetConfig.get();
            config.requireApihost();
            config.requireUser();
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        Path reports = config.reports();
        try {
            Files.createDirectories(reports);
        } catch (IOException e) {
            err.println("error: cannot create reports directory " + reports + ": " + e.getMessage());
            return 2;
        }
        out.println("Brisk conformance suite: " + config);

        Summary summary = new Summary(out, Boolean.parseBoolean(System.getProperty(VERBOSE, "false")));
        LauncherDiscoveryRequest request = request(System.getProperty(FEATURES, ""));
        Launcher launcher = LauncherFactory.create();
        PrintWriter xmlOut = new PrintWriter(err, true);
        launcher.execute(request, summary, new LegacyXmlReportGeneratingListener(reports, xmlOut));

        String line = summary.passed + " passed, " + summary.failed + " failed, " + summary.skipped + " skipped";
        try {
            Files.writeString(reports.resolve("summary.txt"), line + System.lineSeparator(), StandardCharsets.UTF_8);
            // one line per skipped scenario with its reason, so a gate can check why, not only how many
            Files.write(reports.resolve("skipped.txt"), summary.skippedLines, StandardCharsets.UTF_8);
            // statement -> scenarios -> result, for a gate or a reader who asks "is ACT-023 checked, and did it pass?"
            Files.write(reports.resolve("coverage.txt"), summary.coverageLines(specStatements(err)),
                    StandardCharsets.UTF_8);
            // SHOULD statements not met: the scenarios passed, the target is told
            Files.write(reports.resolve("warnings.txt"), dev.brisk.conformance.support.Warnings.all(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("warning: cannot write " + reports.resolve("summary.txt") + ": " + e.getMessage());
        }
        out.println("Reports: " + reports.toAbsolutePath());
        int warnings = dev.brisk.conformance.support.Warnings.all().size();
        if (warnings > 0) {
            out.println(warnings + " SHOULD statement(s) not met (warnings.txt)");
        }
        out.println(line);
        out.flush();
        return summary.failed.get() == 0 && summary.passed.get() > 0 ? 0 : 1;
    }

    /** Every scenario's result on its own line, not only the failed ones and a line per feature. */
    static final String VERBOSE = "brisk.verbose";

    /** The statements the suite carries; none (with a warning) if they cannot be read. */
    private static Map<String, dev.brisk.conformance.support.Spec.Statement> specStatements(PrintStream err) {
        try {
            return dev.brisk.conformance.support.Spec.fromClasspath();
        } catch (IOException | RuntimeException e) {
            err.println("warning: cannot read the statements the suite carries: " + e);
            return Map.of();
        }
    }

    /** Comma-separated feature files (e.g. {@code auth.feature}) to run instead of all of them. */
    static final String FEATURES = "brisk.features";

    /** The whole suite, or only the named features with the suite's Cucumber settings. */
    static LauncherDiscoveryRequest request(String features) {
        List<String> chosen = java.util.Arrays.stream(features.split(",")).map(String::trim).filter(f -> !f.isEmpty())
                .map(f -> f.startsWith("features/") ? f : "features/" + f).toList();
        if (chosen.isEmpty()) {
            return LauncherDiscoveryRequestBuilder.request().selectors(selectClass(ConformanceSuite.class)).build();
        }
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .filters(org.junit.platform.launcher.EngineFilter.includeEngines("cucumber"));
        chosen.forEach(f -> b.selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource(f)));
        // the same settings as ConformanceSuite's annotations
        for (var p : ConformanceSuite.class.getAnnotationsByType(org.junit.platform.suite.api.ConfigurationParameter.class)) {
            b.configurationParameter(p.key(), p.value());
        }
        return b.build();
    }

    private static void parse(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--insecure") || arg.equals("-i")) {
                System.setProperty(TargetConfig.INSECURE, value == null ? "true" : value);
            } else if (arg.equals("--features")) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("missing value for --features");
                    }
                    value = args[++i];
                }
                System.setProperty(FEATURES, value);
            } else if (arg.equals("--verbose") || arg.equals("-v")) {
                System.setProperty(VERBOSE, value == null ? "true" : value);
            } else if (arg.equals("--fresh-namespace-per-scenario")) {
                System.setProperty(TargetConfig.FRESH_NAMESPACE, value == null ? "true" : value);
            } else if (arg.equals("--help") || arg.equals("-h")) {
                System.setProperty("brisk.help", "true");
            } else if (VALUE_FLAGS.containsKey(arg)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("missing value for " + arg);
                    }
                    value = args[++i];
                }
                if (arg.equals("--timeout-factor")) {
                    try {
                        if (Double.parseDouble(value) <= 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new UsageException("--timeout-factor must be a positive number: " + value);
                    }
                }
                if (arg.equals("--cache-window")) {
                    try {
                        if (Double.parseDouble(value) < 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new UsageException("--cache-window must be a number of seconds, 0 or more: " + value);
                    }
                }
                if (arg.equals("--config") && !Files.isRegularFile(Path.of(value))) {
                    throw new UsageException("configuration file not found: " + value);
                }
                System.setProperty(VALUE_FLAGS.get(arg), value);
            } else {
                throw new UsageException("unknown argument: " + args[i]);
            }
        }
    }

    static String usage() {
        return """
                usage: java -jar brisk-conformance-tests.jar [options]
                  --apihost URL         target API host, e.g. http://localhost:3233   (brisk.apihost / BRISK_APIHOST)
                  --auth UUID:KEY       Basic credentials of the test identity        (brisk.auth / BRISK_AUTH)
                  --auth2 UUID:KEY      optional identity of a second namespace; scenarios
                                        tagged @requires-auth2 are skipped without it (brisk.auth2 / BRISK_AUTH2)
                  --admin-auth USER:KEY credentials of the target's admin API (Brisk's /admin/v1); scenarios
                                        tagged @admin-api are skipped without it (brisk.admin-auth / BRISK_ADMIN_AUTH)
                  --namespace NS        namespace path segment, default _             (brisk.namespace)
                  --insecure, -i        trust any TLS certificate                     (brisk.insecure)
                  --features a.feature,b.feature  only these features of the suite      (brisk.features)
                  --verbose, -v         a line for every scenario, not only for each feature and
                                        each failed scenario                          (brisk.verbose)
                  --fresh-namespace-per-scenario  every scenario in a namespace of its own, made and
                                        deleted through the admin API (brisk.fresh-namespace-per-scenario)
                  --claims a,b|all      optional categories the target claims, e.g.
                                        runtime-nodejs,runtime-python,limits,admin-api,blackbox;
                                        all,-blackbox claims every one but blackbox    (brisk.claims)
                  --timeout-factor F    multiply every wait/poll deadline, default 1  (brisk.timeout-factor)
                  --cache-window S      seconds a read may still show an entity as it was before the
                                        scenario's own update or delete (OpenWhisk's per-controller
                                        entity cache); such reads retry that long, default 10 (brisk.cache-window)
                  --default-kind KIND   kind for scenarios that only store actions,
                                        default nodejs:default                        (brisk.default-kind)
                  --blackbox-image IMG  image of the blackbox scenarios, one running Node.js code sent
                                        to /init, default openwhisk/action-nodejs-v20 (brisk.blackbox-image)
                  --reports DIR         report directory, default target/conformance-reports (brisk.reports)
                  --config FILE         MicroProfile Config properties file with brisk.* keys
                exit code: 0 all passed (at least one), 1 failures or nothing passed, 2 bad usage""";
    }

    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Counts scenarios (leaf tests of the Cucumber engine); prints a line for each failed scenario as it fails and one
     * per feature when it ends, with its counts (with {@code verbose} a line for every scenario too).
     */
    private static final class Summary implements TestExecutionListener {
        final AtomicInteger passed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        private final PrintStream out;
        private final boolean verbose;
        private volatile TestPlan plan;
        /** feature unique id -> passed, failed, skipped of its scenarios so far. */
        private final Map<String, int[]> perFeature = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, Long> featureStarted = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<String> failures = new ArrayList<>();
        final List<String> skippedLines = java.util.Collections.synchronizedList(new ArrayList<>());
        /** statement id -> "RESULT scenario" for every scenario tagged with it. */
        final java.util.Map<String, List<String>> coverage = new java.util.concurrent.ConcurrentSkipListMap<>();

        Summary(PrintStream out, boolean verbose) {
            this.out = out;
            this.verbose = verbose;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            if (isFeature(id)) {
                featureStarted.put(id.getUniqueId(), System.nanoTime());
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                skipped(id, reason);
                cover(id, "SKIPPED");
            } else if (isFeature(id)) {
                out.println(featureName(id) + ": skipped (" + reason + ")");
            }
        }

        private static boolean isFeature(TestIdentifier id) {
            return id.isContainer() && id.getUniqueIdObject().getLastSegment().getType().equals("feature");
        }

        /** The feature file's name and the feature's title, e.g. {@code auth.feature  Authentication}. */
        private static String featureName(TestIdentifier feature) {
            String file = feature.getSource().map(source -> {
                if (source instanceof org.junit.platform.engine.support.descriptor.ClasspathResourceSource c) {
                    return c.getClasspathResourceName();
                }
                if (source instanceof org.junit.platform.engine.support.descriptor.FileSource f) {
                    return f.getFile().getName();
                }
                return "";
            }).orElse("");
            file = file.substring(file.lastIndexOf('/') + 1);
            return file.isEmpty() ? feature.getDisplayName() : file + "  " + feature.getDisplayName();
        }

        /** Counts a scenario's result (0 passed, 1 failed, 2 skipped) for the feature it belongs to. */
        private void countForFeature(TestIdentifier test, int result) {
            TestPlan p = plan;
            Optional<TestIdentifier> at = Optional.of(test);
            while (p != null && at.isPresent() && !isFeature(at.get())) {
                at = p.getParent(at.get());
            }
            at.ifPresent(feature -> perFeature.computeIfAbsent(feature.getUniqueId(), k -> new int[3])[result]++);
        }

        /** Notes the scenario's result under every statement id it is tagged with. */
        private void cover(TestIdentifier id, String result) {
            for (var tag : id.getTags()) {
                if (tag.getName().matches("[A-Z]+-\\d{3}")) {
                    coverage.computeIfAbsent(tag.getName(), k -> java.util.Collections.synchronizedList(
                            new ArrayList<>())).add(result + " " + id.getDisplayName());
                }
            }
        }

        /**
         * One line per statement of the specification the suite carries (and per id a scenario was tagged with): the
         * id, its category, then each scenario that checks it with its result and name, or why no scenario ran.
         */
        List<String> coverageLines(Map<String, dev.brisk.conformance.support.Spec.Statement> statements) {
            java.util.SortedSet<String> ids = new java.util.TreeSet<>(statements.keySet());
            ids.addAll(coverage.keySet());
            List<String> lines = new ArrayList<>();
            for (String id : ids) {
                var statement = statements.get(id);
                String category = statement == null ? "?" : String.valueOf(statement.category());
                List<String> scenarios = coverage.get(id);
                String results;
                if (scenarios != null) {
                    results = String.join("\t", scenarios);
                } else if (statement != null && statement.withdrawn()) {
                    results = "WITHDRAWN";
                } else if (statement != null && "faults".equals(category)) {
                    results = "NO SCENARIO: deployment-level, checked by the integration tests "
                            + statement.namedIntegrationTests();
                } else if (statement != null && statement.checkedBy() != null) {
                    results = "NO SCENARIO: checked by " + statement.checkedBy();
                } else {
                    results = "NOT RUN: no scenario of it was selected";
                }
                lines.add(id + "\t" + category + "\t" + results);
            }
            return lines;
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED && id.getParentId().isEmpty()) {
                    out.println("ERROR   " + id.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString)
                            .orElse("failed"));
                    failed.incrementAndGet();
                }
                if (isFeature(id)) {
                    int[] counts = perFeature.getOrDefault(id.getUniqueId(), new int[3]);
                    Long started = featureStarted.remove(id.getUniqueId());
                    String took = started == null ? ""
                            : String.format(java.util.Locale.ROOT, " (%.1f s)", (System.nanoTime() - started) / 1e9);
                    out.println(featureName(id) + ": " + counts[0] + " passed, " + counts[1] + " failed, "
                            + counts[2] + " skipped" + took);
                }
                return;
            }
            cover(id, switch (result.getStatus()) {
                case SUCCESSFUL -> "PASSED";
                case ABORTED -> "SKIPPED";
                case FAILED -> "FAILED";
            });
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    passed.incrementAndGet();
                    countForFeature(id, 0);
                    if (verbose) {
                        out.println("PASSED  " + id.getDisplayName());
                    }
                }
                case ABORTED -> skipped(id, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
                case FAILED -> {
                    failed.incrementAndGet();
                    countForFeature(id, 1);
                    String why = result.getThrowable().map(t -> firstLine(String.valueOf(t.getMessage()))).orElse("");
                    out.println("FAILED  " + id.getDisplayName() + ": " + why);
                    failures.add(id.getDisplayName());
                }
            }
        }

        private void skipped(TestIdentifier scenario, String reason) {
            skipped.incrementAndGet();
            countForFeature(scenario, 2);
            if (verbose) {
                out.println("SKIPPED " + scenario.getDisplayName() + " (" + reason + ")");
            }
            skippedLines.add(scenario.getDisplayName() + " (" + reason + ")");
        }

        @Override
        public void testPlanExecutionFinished(TestPlan testPlan) {
            if (!failures.isEmpty()) {
                out.println("Failed scenarios:");
                failures.forEach(f -> out.println("  - " + f));
            }
        }

        private static String firstLine(String s) {
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl) + " ...";
        }
    }
}
