package dev.brisk.controller;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's packages only point down, read from its sources (every {@code dev.brisk.controller.<package>.<Type>}
 * a file names, imported or written out): {@code http}, the web side's plumbing (transaction id, error shape, content
 * types, Basic credentials), uses no other package; {@code auth} uses {@code http} and {@code entity}; nothing uses
 * the resources ({@code api}, {@code web}, {@code admin}). A new package needs its line in {@link #ALLOWED}.
 */
class PackageLayersTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/brisk/controller");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.brisk\\.controller\\.([a-z]+)\\.[A-Z]");

    /** Which other packages each package may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "http", Set.of(),
            "entity", Set.of(),
            "limits", Set.of("entity"),
            "invoke", Set.of("entity", "limits"),
            "auth", Set.of("http", "entity"),
            "api", Set.of("http", "auth", "entity", "invoke", "limits"),
            "web", Set.of("http", "auth", "entity", "invoke", "limits"),
            "admin", Set.of("http", "auth", "entity", "limits"));

    /** Arrows that still point up (none: add one here only with the reason it must stay). */
    private static final Map<String, Set<String>> PENDING = Map.of();

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() {
        Map<String, Set<String>> found = graph();
        assertTrue(found.keySet().containsAll(Set.of("http", "auth", "api", "web", "admin")), found.toString());
        Map<String, Set<String>> unexpected = new TreeMap<>();
        found.forEach((from, targets) -> {
            Set<String> allowed = new HashSet<>(ALLOWED.getOrDefault(from, Set.of()));
            allowed.addAll(PENDING.getOrDefault(from, Set.of()));
            Set<String> extra = new TreeSet<>(targets);
            extra.removeAll(allowed);
            if (!extra.isEmpty() || !ALLOWED.containsKey(from)) {
                unexpected.put(from, extra);
            }
        });
        assertEquals(Map.of(), unexpected, "arrows not allowed by the layers (package -> packages it uses)");
    }

    @Test
    void theLayersHaveNoCircle() {
        assertEquals(List.of(), cycle(ALLOWED), "a circle in the allowed arrows");
    }

    /** package -> the other controller packages its files name; ControllerMain's root package is left out. */
    private static Map<String, Set<String>> graph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String from = relative.getName(0).toString();
                Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        targets.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** A circle of packages in {@code graph}, as the path that closes it; empty when there is none. */
    private static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new HashSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> found = visit(graph, start, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(Map<String, Set<String>> graph, String node, List<String> path, Set<String> done) {
        int at = path.indexOf(node);
        if (at >= 0) {
            List<String> circle = new ArrayList<>(path.subList(at, path.size()));
            circle.add(node);
            return circle;
        }
        if (!done.add(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            List<String> found = visit(graph, next, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        return List.of();
    }
}
