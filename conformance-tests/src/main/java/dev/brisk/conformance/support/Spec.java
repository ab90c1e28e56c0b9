package dev.brisk.conformance.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The statements of the specification ({@code spec/*.md}, spec/README): id, category, whether withdrawn, and which
 * integration tests check it when no scenario can. The jar carries the statement files (classpath {@code spec/}) so
 * that its coverage report can name every statement, not only those a scenario checked.
 */
public final class Spec {

    private static final Pattern STATEMENT = Pattern.compile("(?ms)^### ([A-Z]+-\\d{3}) (.*?)$(.*?)(?=^### |\\z)");
    private static final Pattern CATEGORY = Pattern.compile("(?m)^Category: (\\S+)");
    private static final Pattern WITHDRAWN = Pattern.compile("(?m)^Status: withdrawn");
    /** "Checked by: FooIT, BarIT (why no scenario can check it)". */
    private static final Pattern CHECKED_BY = Pattern.compile("(?m)^Checked by: (.*)$");
    private static final Pattern CHECKED_BY_FORM =
            Pattern.compile("^([A-Z][A-Za-z0-9]*IT(?:\\.\\w+)?(?:, [A-Z][A-Za-z0-9]*IT(?:\\.\\w+)?)*) \\((.{10,})\\)$");
    private static final Pattern IT = Pattern.compile("\\b([A-Z][A-Za-z0-9]*IT)\\b");

    /**
     * One statement. {@code checkedBy} is its "Checked by:" line as written (null without one); {@code text} is the
     * whole statement, heading included.
     */
    public record Statement(String id, String title, String category, boolean withdrawn, String checkedBy,
            String text) {

        /** Integration tests (class names ending in IT) the statement names anywhere in its text. */
        public Set<String> namedIntegrationTests() {
            Set<String> named = new TreeSet<>();
            Matcher m = IT.matcher(text);
            while (m.find()) {
                named.add(m.group(1));
            }
            return named;
        }

        /**
         * For a "Checked by:" line of the form {@code FooIT, BarIT.method (reason)}: the test classes; empty when the
         * line is missing or malformed (no test named, or no reason of at least ten characters).
         */
        public Set<String> checkedByIntegrationTests() {
            Set<String> tests = new TreeSet<>();
            if (checkedBy == null) {
                return tests;
            }
            Matcher m = CHECKED_BY_FORM.matcher(checkedBy.trim());
            if (m.matches()) {
                for (String t : m.group(1).split(", ")) {
                    tests.add(t.contains(".") ? t.substring(0, t.indexOf('.')) : t);
                }
            }
            return tests;
        }
    }

    private Spec() {
    }

    /** The statements of one statement file's text, by id. */
    public static Map<String, Statement> parse(String markdown) {
        Map<String, Statement> all = new TreeMap<>();
        Matcher m = STATEMENT.matcher(markdown);
        while (m.find()) {
            String text = m.group();
            Matcher c = CATEGORY.matcher(text);
            Matcher checked = CHECKED_BY.matcher(text);
            all.put(m.group(1), new Statement(m.group(1), m.group(2).trim(), c.find() ? c.group(1) : null,
                    WITHDRAWN.matcher(text).find(), checked.find() ? checked.group(1) : null, text));
        }
        return all;
    }

    /** Every statement of the {@code .md} files of a directory. */
    public static Map<String, Statement> read(Path directory) throws IOException {
        Map<String, Statement> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                all.putAll(parse(Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return all;
    }

    /** Every statement of the specification the suite carries (classpath {@code spec/}); empty if it carries none. */
    public static Map<String, Statement> fromClasspath() throws IOException {
        URL readme = Spec.class.getClassLoader().getResource("spec/README.md");
        if (readme == null) {
            return Map.of();
        }
        URI uri;
        try {
            uri = readme.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (!"jar".equals(uri.getScheme())) {
            return read(Path.of(uri).getParent());
        }
        FileSystem fs;
        boolean opened = false;
        try {
            fs = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException notOpen) {
            fs = FileSystems.newFileSystem(uri, Map.of());
            opened = true;
        }
        try {
            Map<String, Statement> all = new TreeMap<>();
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(fs.getPath("/spec"))) {
                s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    all.putAll(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            return all;
        } finally {
            if (opened) {
                fs.close();
            }
        }
    }

    /**
     * Statements that are testable but have no scenario, each with the reason it is not accepted: a statement needs a
     * scenario (a feature tag with its id) unless it is withdrawn, or of the category {@code faults} (deployment-level:
     * its source names the testbed integration tests that check it), or has a "Checked by:" line that names existing
     * integration tests and gives the reason no scenario can check it through the API.
     */
    public static Map<String, String> uncovered(Collection<Statement> statements, Set<String> tags,
            Set<String> integrationTests) {
        Map<String, String> uncovered = new TreeMap<>();
        for (Statement s : statements) {
            if (s.withdrawn() || tags.contains(s.id())) {
                continue;
            }
            if ("faults".equals(s.category())) {
                Set<String> named = s.namedIntegrationTests();
                if (named.isEmpty() || !integrationTests.containsAll(named)) {
                    uncovered.put(s.id(), named.isEmpty() ? "faults statement names no integration test"
                            : "names integration tests that do not all exist: " + named);
                }
                continue;
            }
            if (s.checkedBy() == null) {
                uncovered.put(s.id(), "no scenario");
                continue;
            }
            Set<String> tests = s.checkedByIntegrationTests();
            if (tests.isEmpty()) {
                uncovered.put(s.id(), "no scenario, and 'Checked by: " + s.checkedBy()
                        + "' is not of the form 'FooIT[, BarIT] (reason)'");
            } else if (!integrationTests.containsAll(tests)) {
                uncovered.put(s.id(), "no scenario, and 'Checked by:' names integration tests that do not all exist: "
                        + tests);
            }
        }
        return uncovered;
    }
}
