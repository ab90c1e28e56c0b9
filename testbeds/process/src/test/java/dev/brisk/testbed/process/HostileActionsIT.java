package dev.brisk.testbed.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Actions that misbehave on purpose, on one process testbed whose JVMs have a 512 MB heap: each ends with
 * OpenWhisk's status and message, and after each a normal action still runs on the same invokers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileActionsIT {
    private static final String ECHO = "function main(p){ return {fine: true} }";
    private static final int PIDS_LIMIT = 256;
    /** OpenWhisk's default log limit, 10 MB. */
    private static final long LOG_LIMIT = 10L * 1024 * 1024;

    private static ProcessTestbed testbed;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("hostile-actions");
        testbed = ProcessTestbed.builder().workDir(work).jvmOption("-Xmx512m")
                .invokerProperty("brisk.invoker.container.pids-limit", Integer.toString(PIDS_LIMIT))
                .build().start();
        System.out.println(testbed.describe());
        api = new Api(testbed);
        assertEquals(200, api.putAction("hostile-echo", "nodejs:default", ECHO).statusCode());
    }

    @AfterAll
    static void stop() {
        if (testbed != null) {
            testbed.close();
        }
    }

    /** After every hostile action: the invokers are alive and a normal action succeeds. */
    @AfterEach
    void invokersKeepServing() throws Exception {
        for (int i = 0; i < testbed.invokerCount(); i++) {
            assertTrue(testbed.invoker(i).isAlive(), "invoker" + i + " died; log " + testbed.invoker(i).logFile());
        }
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = api.call("POST", "/actions/hostile-echo?blocking=true&result=true", "{}");
            assertEquals(200, r.statusCode(), "a normal action after a hostile one: " + r.body());
            assertTrue(Api.json(r).path("fine").asBoolean(), r.body());
        }
    }

    @Test
    @Order(1)
    void hangEndsAtItsTimeLimit() throws Exception {
        put("hostile-hang", "function main(){ return new Promise(() => {}) }", 3_000, 256);
        JsonNode record = invoke("hostile-hang", 502);
        assertOutcome(record, "action developer error", "The action exceeded its time limits of 3000 milliseconds.");
        assertTrue(annotation(record, "timeout").asBoolean(), "timeout annotation: " + record);
        long duration = record.path("duration").asLong();
        assertTrue(duration >= 3_000 && duration < 10_000, "duration " + duration + " ms for a 3000 ms limit");
    }

    @Test
    @Order(2)
    void crashAtInitIsADeveloperError() throws Exception {
        put("hostile-init-exit", "process.exit(1); function main(){ return {} }", 10_000, 256);
        assertOutcome(invoke("hostile-init-exit", 502), "action developer error",
                "The action did not initialize and exited unexpectedly.");
        put("hostile-init-syntax", "function main( { return {} }", 10_000, 256);
        JsonNode syntax = invoke("hostile-init-syntax", 502);
        assertEquals("action developer error", syntax.path("response").path("status").asText(), syntax.toString());
        assertTrue(syntax.path("response").path("result").path("error").asText().contains("SyntaxError"),
                syntax.toString());
    }

    @Test
    @Order(3)
    void exitMidRunIsADeveloperError() throws Exception {
        put("hostile-exit", "function main(){ console.log('leaving'); process.exit(1) }", 10_000, 256);
        JsonNode record = invoke("hostile-exit", 502);
        assertOutcome(record, "action developer error",
                "The action did not produce a valid response and exited unexpectedly.");
    }

    @Test
    @Order(4)
    void hundredMegabytesOfLogsAreTruncatedAtTheLimit() throws Exception {
        long rssBefore = invokersRssKb();
        // 100 MiB in 1 KiB lines
        put("hostile-logs", "function main(p){ const n = p.lines === undefined ? 100 * 1024 : p.lines;"
                + " const line = 'x'.repeat(1023); for (let i = 0; i < n; i++) console.log(line); return {printed: n} }",
                120_000, 256);
        JsonNode record = invoke("hostile-logs", 200);
        assertEquals("success", record.path("response").path("status").asText(), abbreviate(record));
        JsonNode logs = api.awaitRecord(record.path("activationId").asText(), Duration.ofSeconds(30)).path("logs");
        String last = logs.get(logs.size() - 1).asText();
        assertTrue(last.contains("Logs were truncated because the total bytes size exceeds the limit of "
                + LOG_LIMIT + " bytes."), "last log line: " + last);
        long kept = 0; // what the limit counts: the text each line carries after its "<time> stdout: " prefix
        for (JsonNode line : logs) {
            String text = line.asText();
            kept += text.substring(text.indexOf(": ") + 2).length() + 1;
        }
        assertTrue(kept <= LOG_LIMIT + 2048, "kept " + kept + " bytes of logs for a " + LOG_LIMIT + " limit");
        assertTrue(kept >= LOG_LIMIT - 2048, "kept only " + kept + " bytes of logs for a " + LOG_LIMIT + " limit");
        long rssAfter = invokersRssKb();
        System.out.printf("FAULT logs: 100 MiB printed, %d lines (%d bytes) kept, invokers' RSS %d -> %d MB%n",
                logs.size(), kept, rssBefore / 1024, rssAfter / 1024);
        // the next activation in the same warm container does not inherit the flood
        HttpResponse<String> again = api.call("POST", "/actions/hostile-logs?blocking=true", "{\"lines\":1}");
        assertEquals(200, again.statusCode(), abbreviate(Api.json(again)));
        JsonNode next = api.awaitRecord(Api.activationId(again), Duration.ofSeconds(30));
        assertNotNull(next);
        assertEquals(1, next.path("logs").size(), "logs of the next activation: " + abbreviate(next.path("logs")));
    }

    @Test
    @Order(5)
    void forkBombIsContainedByThePidsLimit() throws Exception {
        // bounded first: spawn until refused, at most 1000, so a missing limit fails the test and spares the host
        put("hostile-spawn", """
                const { spawn } = require('child_process');
                function main() {
                  return new Promise(resolve => {
                    let started = 0;
                    const more = () => {
                      if (started >= 1000) return resolve({ started, limited: false });
                      const child = spawn('sleep', ['20'], { stdio: 'ignore' });
                      child.on('error', e => resolve({ error: 'refused after ' + started + ': ' + e.code, started }));
                      child.on('spawn', () => { started++; setImmediate(more); });
                    };
                    more();
                  });
                }""", 20_000, 256);
        JsonNode bounded = invoke("hostile-spawn", 502);
        JsonNode result = bounded.path("response").path("result");
        assertEquals("application error", bounded.path("response").path("status").asText(), abbreviate(bounded));
        assertTrue(result.path("error").asText().contains("EAGAIN"), abbreviate(bounded));
        int started = result.path("started").asInt();
        assertTrue(started > 0 && started < PIDS_LIMIT, "started " + started + " processes under a limit of "
                + PIDS_LIMIT);

        // contained, so now without end: a shell fork bomb, until the action's time limit ends it
        put("hostile-fork-bomb", """
                const { spawn } = require('child_process');
                function main() {
                  spawn('/bin/sh', ['-c', 'b(){ b | b & }; b'], { stdio: 'ignore' });
                  return new Promise(() => {});
                }""", 5_000, 256);
        JsonNode bomb = invoke("hostile-fork-bomb", 502);
        assertOutcome(bomb, "action developer error", "The action exceeded its time limits of 5000 milliseconds.");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long left;
        while ((left = bombProcesses()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(0, left, "fork bomb processes outlived the action");
        System.out.printf("FAULT fork: %d processes spawned before EAGAIN under pids limit %d; shell fork bomb ended"
                + " at the 5000 ms time limit, none left%n", started, PIDS_LIMIT);
    }

    @Test
    @Order(6)
    void allocatingPastItsMemoryIsADeveloperError() throws Exception {
        put("hostile-memory", "function main(){ const keep = [];"
                + " for (let i = 0; i < 100000; i++) keep.push(new Array(1 << 20).fill(i)); return {n: keep.length} }",
                60_000, 128);
        JsonNode record = invoke("hostile-memory", 502);
        assertOutcome(record, "action developer error", "The action exhausted its memory and was aborted.");
        System.out.println("FAULT memory: " + record.path("response").path("result"));
    }

    /** Memory V8's heap limit does not see (Node.js buffers) and Python's: bounded by the container's memory cgroup. */
    @Test
    @Order(7)
    void allocatingPastItsMemoryOutsideAHeapLimitIsADeveloperErrorToo() throws Exception {
        put("hostile-buffers", "nodejs:default", "function main(){ const keep = [];"
                + " for (let i = 0; i < 1024; i++) keep.push(Buffer.alloc(1 << 20, 1)); return {mb: keep.length} }",
                60_000, 128);
        JsonNode buffers = invoke("hostile-buffers", 502);
        assertOutcome(buffers, "action developer error", "The action exhausted its memory and was aborted.");
        put("hostile-python-memory", "python:default", "def main(args):\n    keep = []\n"
                + "    for i in range(1024):\n        keep.append(bytearray(1 << 20))\n    return {'mb': len(keep)}\n",
                60_000, 128);
        JsonNode python = invoke("hostile-python-memory", 502);
        assertOutcome(python, "action developer error", "The action exhausted its memory and was aborted.");
        System.out.println("FAULT memory outside a heap limit: node buffers " + buffers.path("response").path("result")
                + ", python " + python.path("response").path("result"));
    }

    // ---- helpers

    private static void put(String name, String code, int timeoutMs, int memoryMb) throws Exception {
        put(name, "nodejs:default", code, timeoutMs, memoryMb);
    }

    private static void put(String name, String kind, String code, int timeoutMs, int memoryMb) throws Exception {
        ObjectNode body = Api.JSON.createObjectNode();
        body.putObject("exec").put("kind", kind).put("code", code);
        body.putObject("limits").put("timeout", timeoutMs).put("memory", memoryMb);
        HttpResponse<String> r = api.call("PUT", "/actions/" + name + "?overwrite=true", body.toString());
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Blocking invoke; returns the activation record (the answer, or the stored record on 202). */
    private static JsonNode invoke(String name, int expectedStatus) throws Exception {
        HttpResponse<String> r = api.call("POST", "/actions/" + name + "?blocking=true", "{}");
        String id = Api.activationId(r);
        JsonNode record = r.statusCode() == 202 ? api.awaitRecord(id, Duration.ofSeconds(120)) : Api.json(r);
        assertNotNull(record, name + ": no record for " + id);
        if (r.statusCode() != 202) {
            assertEquals(expectedStatus, r.statusCode(), name + ": " + abbreviate(record));
        }
        return record;
    }

    private static void assertOutcome(JsonNode record, String status, String error) {
        assertEquals(status, record.path("response").path("status").asText(), abbreviate(record));
        if (error != null) {
            assertEquals(error, record.path("response").path("result").path("error").asText(), abbreviate(record));
        }
    }

    private static JsonNode annotation(JsonNode record, String key) {
        for (JsonNode a : record.path("annotations")) {
            if (key.equals(a.path("key").asText())) {
                return a.path("value");
            }
        }
        return Api.JSON.missingNode();
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 1500 ? s.substring(0, 1500) + "..." : s;
    }

    /** Resident memory of both invoker JVMs, in kB. */
    private static long invokersRssKb() throws IOException {
        long total = 0;
        for (int i = 0; i < testbed.invokerCount(); i++) {
            for (String line : Files.readAllLines(Path.of("/proc/" + testbed.invoker(i).pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        return total;
    }

    /** Processes on this host running the fork bomb's shell. */
    private static long bombProcesses() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream()
                    .anyMatch(a -> a.contains("b | b &"))).count();
        }
    }
}
