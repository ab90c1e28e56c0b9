package dev.brisk.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The spec and the features agree (spec/README): a tag without a statement is an error; every testable statement
 * has a scenario; a statement of the category {@code faults} (deployment-level) names, in its source, the integration
 * test of a testbed that checks it, and that test exists; every statement's category is one README lists.
 */
class SpecCoverageTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern STATEMENT = Pattern.compile("(?ms)^### ([A-Z]+-\\d{3}) .*?(?=^### |\\z)");
    private static final Pattern TAG = Pattern.compile("@([A-Z]+-\\d{3})\\b");
    private static final Pattern IT = Pattern.compile("\\b([A-Z][A-Za-z]+IT)\\b");

    record Statement(String id, String category, boolean withdrawn, String text) {
    }

    static Map<String, Statement> statements() throws IOException {
        Map<String, Statement> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("spec"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                Matcher m = STATEMENT.matcher(Files.readString(f));
                while (m.find()) {
                    String text = m.group();
                    Matcher c = Pattern.compile("(?m)^Category: (\\S+)").matcher(text);
                    String category = c.find() ? c.group(1) : null;
                    boolean withdrawn = Pattern.compile("(?m)^Status: withdrawn").matcher(text).find();
                    all.put(m.group(1), new Statement(m.group(1), category, withdrawn, text));
                }
            }
        }
        return all;
    }

    static Set<String> tags() throws IOException {
        Set<String> tags = new TreeSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("features"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".feature")).toList()) {
                Matcher m = TAG.matcher(Files.readString(f));
                while (m.find()) {
                    tags.add(m.group(1));
                }
            }
        }
        return tags;
    }

    @Test
    void everyTagNamesAStatement() throws IOException {
        Set<String> unknown = new TreeSet<>(tags());
        unknown.removeAll(statements().keySet());
        assertEquals(Set.of(), unknown, "feature tags without a statement in spec/");
    }

    @Test
    void everyTestableStatementHasAScenario() throws IOException {
        Set<String> tags = tags();
        Set<String> uncovered = new TreeSet<>();
        for (Statement s : statements().values()) {
            if (!s.withdrawn() && !"faults".equals(s.category()) && !tags.contains(s.id())) {
                uncovered.add(s.id());
            }
        }
        assertEquals(Set.of(), uncovered, "statements without a scenario");
    }

    @Test
    void everyDeploymentStatementNamesAnIntegrationTestThatExists() throws IOException {
        Set<String> tests = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("testbeds"))) {
            files.filter(p -> p.toString().contains("/src/test/java/") && p.getFileName().toString().endsWith("IT.java"))
                    .forEach(p -> tests.add(p.getFileName().toString().replace(".java", "")));
        }
        assertTrue(tests.size() > 5, "found the testbeds' integration tests: " + tests);
        Map<String, String> missing = new TreeMap<>();
        for (Statement s : statements().values()) {
            if (!"faults".equals(s.category()) || s.withdrawn()) {
                continue;
            }
            Matcher m = IT.matcher(s.text());
            Set<String> named = new TreeSet<>();
            while (m.find()) {
                named.add(m.group(1));
            }
            if (named.isEmpty() || !tests.containsAll(named)) {
                missing.put(s.id(), named.isEmpty() ? "names no integration test" : "names " + named);
            }
        }
        assertEquals(Map.of(), missing, "faults statements must name existing testbed ITs (testbeds/*/src/test/java)");
    }

    @Test
    void everyCategoryIsOneTheReadmeLists() throws IOException {
        String readme = Files.readString(ROOT.resolve("spec/README.md"));
        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(readme);
        while (m.find()) {
            listed.add(m.group(1));
        }
        Map<String, String> unknown = new TreeMap<>();
        for (Statement s : statements().values()) {
            if (s.category() == null || !listed.contains(s.category())) {
                unknown.put(s.id(), String.valueOf(s.category()));
            }
        }
        assertEquals(Map.of(), unknown, "categories not in spec/README.md's table " + listed);
    }
}
