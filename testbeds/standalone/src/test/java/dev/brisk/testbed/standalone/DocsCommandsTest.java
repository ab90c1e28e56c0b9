package dev.brisk.testbed.standalone;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands in README.md and docs/ run as written, also where the default Java is 17: every command line of their
 * code blocks that runs a script of this repository names one that exists, is executable and parses; Maven and Java
 * are always run through {@code ci/mvn} and {@code ci/java} (which find a JDK 21+), never bare; the modules
 * ({@code -pl}) and integration tests ({@code -Dit.test}) they name exist; and {@code ci/java} and {@code ci/mvn} pick a
 * JDK 21+ when Java 17 comes first on the PATH and in JAVA_HOME.
 */
class DocsCommandsTest {
    private static final Pattern BLOCK = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern MODULES = Pattern.compile("-pl\\s+(\\S+)");
    private static final Pattern IT = Pattern.compile("-Dit\\.test=([A-Za-z0-9_,]+)");
    private static final Path ROOT = root();

    @Test
    void everyScriptCommandOfTheDocsExistsAndParses() throws Exception {
        List<String> lines = commandLines();
        assertTrue(lines.size() > 20, "found only " + lines.size() + " command lines: " + lines);
        Set<String> scripts = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            String first = line.split("\\s+")[0];
            if (first.equals("mvn") || first.equals("java")) {
                problems.add("bare " + first + " (use ci/" + first + ", which finds a JDK 21+): " + line);
            }
            Matcher script = Pattern.compile("(?:^|\\s|bash\\s+)(ci/[a-z-]+)").matcher(line);
            while (script.find()) {
                scripts.add(script.group(1));
            }
            Matcher modules = MODULES.matcher(line);
            while (modules.find()) {
                for (String m : modules.group(1).split(",")) {
                    if (!Files.isRegularFile(ROOT.resolve(m).resolve("pom.xml"))) {
                        problems.add("no module " + m + ": " + line);
                    }
                }
            }
            Matcher its = IT.matcher(line);
            while (its.find()) {
                for (String it : its.group(1).split(",")) {
                    if (!classExists(it)) {
                        problems.add("no test class " + it + ": " + line);
                    }
                }
            }
        }
        for (String s : scripts) {
            Path file = ROOT.resolve(s);
            if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
                problems.add(s + " is not an executable file");
                continue;
            }
            Result syntax = run(List.of("bash", "-n", file.toString()), null);
            if (syntax.exit() != 0) {
                problems.add(s + " does not parse: " + syntax.output());
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(scripts.containsAll(List.of("ci/standalone", "ci/check")), "scripts found: " + scripts);
    }

    @Test
    void ciJavaAndCiMvnFindAJdk21WhereJava17ComesFirst() throws Exception {
        Path java17 = Stream.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64")
                .map(Path::of).filter(p -> Files.isExecutable(p.resolve("bin/java"))).findFirst().orElse(null);
        Assumptions.assumeTrue(java17 != null, "no Java 17 on this machine to put first (apt-get install openjdk-17-jre)");
        Result java = run(List.of(ROOT.resolve("ci/java").toString(), "-version"), java17);
        assertEquals(0, java.exit(), java.output());
        assertTrue(Pattern.compile("version \"(2[1-9]|[3-9][0-9])").matcher(java.output()).find(),
                "ci/java with Java 17 first ran: " + java.output());
        Result mvn = run(List.of(ROOT.resolve("ci/mvn").toString(), "-v"), java17);
        assertEquals(0, mvn.exit(), mvn.output());
        assertTrue(Pattern.compile("Java version: (2[1-9]|[3-9][0-9])").matcher(mvn.output()).find(),
                "ci/mvn with Java 17 first ran: " + mvn.output());
    }

    /** Lines of the shell code blocks of README.md and docs/*.md, continuation lines joined. */
    static List<String> commandLines() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<String> lines = new ArrayList<>();
        for (Path f : files) {
            Matcher block = BLOCK.matcher(Files.readString(f));
            while (block.find()) {
                StringBuilder joined = new StringBuilder();
                for (String line : block.group(1).split("\n")) {
                    joined.append(line.strip());
                    if (line.endsWith("\\")) {
                        joined.setLength(joined.length() - 1);
                        joined.append(' ');
                        continue;
                    }
                    String command = joined.toString().replaceFirst("\\s+#.*$", "").strip();
                    joined.setLength(0);
                    if (!command.isEmpty() && !command.startsWith("#")) {
                        lines.add(command);
                    }
                }
            }
        }
        return lines;
    }

    private static boolean classExists(String simpleName) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(simpleName + ".java")
                    && !p.toString().contains("/target/"));
        }
    }

    private record Result(int exit, String output) {
    }

    /** Runs in the repository root, with {@code jdkFirst} (if any) as JAVA_HOME and first on the PATH. */
    private static Result run(List<String> command, Path jdkFirst) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        if (jdkFirst != null) {
            pb.environment().put("JAVA_HOME", jdkFirst.toString());
            pb.environment().put("PATH", jdkFirst.resolve("bin") + ":" + pb.environment().getOrDefault("PATH", ""));
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "did not finish: " + command);
        return new Result(p.exitValue(), out);
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("ci")) && Files.isRegularFile(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
