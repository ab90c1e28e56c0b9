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

import dev.brisk.conformance.support.Spec;

/**
 * The spec and the features agree (spec/README): a tag without a statement, or naming a withdrawn one, is an
 * error; every testable statement has a scenario, unless it is deployment-level (category {@code faults}: its
 * source names the testbed integration tests that check it) or lists, on a "Checked by:" line, the existing
 * integration tests that check it and why no scenario can; every statement's category is one README lists.
 */
class SpecCoverageTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern TAG = Pattern.compile("@([A-Z]+-\\d{3})\\b");

    static Map<String, Spec.Statement> statements() throws IOException {
        return Spec.read(ROOT.resolve("spec"));
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

    /** The testbeds' integration tests (class names ending in IT). */
    static Set<String> integrationTests() throws IOException {
        Set<String> tests = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("testbeds"))) {
            files.filter(p -> p.toString().contains("/src/test/java/") && p.getFileName().toString().endsWith("IT.java"))
                    .forEach(p -> tests.add(p.getFileName().toString().replace(".java", "")));
        }
        return tests;
    }

    @Test
    void theSpecificationIsRead() throws IOException {
        Map<String, Spec.Statement> all = statements();
        assertTrue(all.size() > 200, "statements read: " + all.size());
        assertTrue(all.containsKey("ACT-001") && all.containsKey("FLT-001"), "ACT-001 and FLT-001 read");
        assertTrue(tags().size() > 200, "tags read: " + tags().size());
        assertTrue(integrationTests().size() > 5, "found the testbeds' integration tests: " + integrationTests());
    }

    @Test
    void everyTagNamesAStatement() throws IOException {
        Set<String> unknown = new TreeSet<>(tags());
        unknown.removeAll(statements().keySet());
        assertEquals(Set.of(), unknown, "feature tags without a statement in spec/");
    }

    /** A withdrawn id stays in the spec so it is never reused; its scenarios carry the id that replaced it. */
    @Test
    void noTagNamesAWithdrawnStatement() throws IOException {
        Set<String> withdrawn = new TreeSet<>();
        statements().values().stream().filter(Spec.Statement::withdrawn).forEach(s -> withdrawn.add(s.id()));
        withdrawn.retainAll(tags());
        assertEquals(Set.of(), withdrawn, "feature tags naming withdrawn statements");
    }

    @Test
    void everyTestableStatementHasAScenarioOrNamesTheIntegrationTestsThatCheckIt() throws IOException {
        assertEquals(Map.of(), Spec.uncovered(statements().values(), tags(), integrationTests()),
                "statements without a scenario (spec/README: a scenario tagged with the id, or a 'Checked by:' line)");
    }

    @Test
    void everyDeploymentStatementNamesAnIntegrationTestThatExists() throws IOException {
        Set<String> tests = integrationTests();
        Map<String, String> missing = new TreeMap<>();
        for (Spec.Statement s : statements().values()) {
            if (!"faults".equals(s.category()) || s.withdrawn()) {
                continue;
            }
            Set<String> named = s.namedIntegrationTests();
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
        for (Spec.Statement s : statements().values()) {
            if (s.category() == null || !listed.contains(s.category())) {
                unknown.put(s.id(), String.valueOf(s.category()));
            }
        }
        assertEquals(Map.of(), unknown, "categories not in spec/README.md's table " + listed);
    }

    // ------------------------------------------------------------------ the rule itself, on made-up statements

    private static Spec.Statement statement(String id, String category, String extra) {
        return Spec.parse("### " + id + " A statement\nSome text.\nSource: somewhere\nCategory: " + category + "\n"
                + extra).get(id);
    }

    @Test
    void aStatementWithoutScenarioIsUncoveredUnlessAnExistingTestChecksItForAReason() {
        Set<String> its = Set.of("HostileActionsIT", "BackendOutagesIT");
        Map<String, String> uncovered = Spec.uncovered(java.util.List.of(
                statement("XYZ-001", "core", ""),
                statement("XYZ-002", "core", "Checked by: HostileActionsIT.hang (needs the invoker's host)\n"),
                statement("XYZ-003", "core", "Checked by: NoSuchIT (needs the invoker's host)\n"),
                statement("XYZ-004", "core", "Checked by: HostileActionsIT\n"),
                statement("XYZ-005", "core", "Status: withdrawn (replaced)\n"),
                statement("XYZ-006", "core", ""),
                statement("XYZ-007", "faults", ""),
                statement("XYZ-008", "faults", "Brisk: `BackendOutagesIT.kafka`\n")),
                Set.of("XYZ-006"), its);
        assertEquals(Set.of("XYZ-001", "XYZ-003", "XYZ-004", "XYZ-007"), uncovered.keySet(), uncovered.toString());
        assertEquals(Set.of("HostileActionsIT"), statement("XYZ-002", "core",
                "Checked by: HostileActionsIT.hang (needs the invoker's host)\n").checkedByIntegrationTests());
    }
}
