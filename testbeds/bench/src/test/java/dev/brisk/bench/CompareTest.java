package dev.brisk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two results side by side: the ratios B / A per scenario, scenarios of one side only named, and the plot. */
class CompareTest {
    @TempDir
    Path dir;

    private static JsonNode results(String target, double p50, double p99, double rate, String onlyHere) {
        var root = Json.object().put("target", target).put("time", "2026-12-05T10:00:00Z").put("cores", 2);
        root.putObject("loadAverage").putObject("atStart").put("1m", 0.5);
        var scenarios = root.putArray("scenarios");
        var a = scenarios.addObject().put("id", "a1").put("name", "a. warm blocking invoke")
                .put("throughputPerSecond", rate);
        a.putObject("latencyMs").put("p50", p50).put("p99", p99);
        scenarios.addObject().put("id", onlyHere).put("name", "only " + target);
        return root;
    }

    @Test
    void printsTheRatiosOfBToAAndDrawsBoth() throws Exception {
        JsonNode a = results("one", 10, 40, 100, "x");
        JsonNode b = results("two", 25, 60, 40, "y");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Compare.print(a, b, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("A = one") && text.contains("B = two"), text);
        String row = text.lines().filter(l -> l.startsWith("a. warm blocking invoke")).findFirst().orElseThrow();
        assertTrue(row.matches(".*10\\.00\\s+25\\.00\\s+2\\.50\\s+40\\.00\\s+60\\.00\\s+1\\.50\\s+100\\s+40\\.00\\s+0\\.40"),
                row);
        assertTrue(text.contains("only one") && text.contains("only in A"), text);
        assertTrue(text.contains("only two") && text.contains("only in B"), text);
        String plot = Compare.plot(a, b, dir.resolve("compare.png"));
        assertTrue(plot.endsWith("compare.png") && Files.size(dir.resolve("compare.png")) > 1000, plot);
    }
}
