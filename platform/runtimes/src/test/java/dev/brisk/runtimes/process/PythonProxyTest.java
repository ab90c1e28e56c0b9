package dev.brisk.runtimes.process;

import dev.brisk.core.container.Container;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PythonProxyTest extends ProxyProtocolTest {
    @Override
    String kind() {
        return "python:3.11";
    }

    @Override
    String initOk() {
        return "{\"ok\":true}";
    }

    @Override
    String echo() {
        return "def main(args):\n    return args\n";
    }

    @Override
    String throwsAtLoad() {
        return "raise Exception('load failed')\ndef main(args):\n    return {}\n";
    }

    @Override
    List<String> throwsAtLoadLogs() {
        // the traceback Python prints for an exception at import (OpenWhisk's launcher imports the action)
        return List.of("Traceback (most recent call last):", "  File \"__main__.py\", line 1, in <module>",
                "    raise Exception('load failed')", "Exception: load failed");
    }

    @Override
    List<String> throwsAtRunLogs() {
        // OpenWhisk's launcher.py: traceback.format_exc() on stderr
        return List.of("Traceback (most recent call last):", "  File \"__main__.py\", line 2, in main",
                "    raise Exception('Extraordinary exception')", "Exception: Extraordinary exception");
    }

    @Override
    String appError() {
        return "def main(args):\n    return {'error': 'bad input'}\n";
    }

    @Override
    String throwsAtRun() {
        return "def main(args):\n    raise Exception('Extraordinary exception')\n";
    }

    @Override
    String throwsAtRunMessage() {
        return "Extraordinary exception";
    }

    @Override
    String returnsNumber() {
        return "def main(args):\n    return 42\n";
    }

    @Override
    String readsEnv() {
        return """
                import os
                init = os.environ['INIT_VALUE']  # read at load time: exported before the code runs
                def main(args):
                    e = os.environ
                    return {'id': e['__OW_ACTIVATION_ID'], 'ns': e['__OW_NAMESPACE'], 'deadline': e['__OW_DEADLINE'],
                            'init': init, 'number': e['NUMBER'], 'action': e['__OW_ACTION_NAME'],
                            'key': e['__OW_API_KEY'], 'host': e['__OW_API_HOST']}
                """;
    }

    @Override
    String logs() {
        return """
                import sys
                def main(args):
                    print('hello')
                    print('oops', file=sys.stderr)
                    print(args['text'])
                    return {'text': args['text'] + '✓'}
                """;
    }

    @Override
    String manyLines() {
        return "def main(args):\n    for i in range(args['n']):\n        print('x' * 100)\n    return {}\n";
    }

    @Override
    String sleeps() {
        return "import time\ndef main(args):\n    time.sleep(60)\n    return {}\n";
    }

    @Override
    Map<String, String> zipFiles() {
        return Map.of("__main__.py", "from helper import YES\ndef main(args):\n    return {'zipped': YES}\n",
                "helper.py", "YES = True\n");
    }

    @Override
    int thrownExceptionStatus() {
        return 200;
    }

    @Test
    void theTracebackShowsTheActionsFramesOnly() {
        Container c = initialized("import json\ndef main(args):\n    return json.loads('{')\n");
        assertEquals(200, c.run(runBody(Json.object()), TIMEOUT).status());
        List<String> stderr = messages(c.logs(1 << 20, true), "stderr");
        assertInOrder(List.of("Traceback (most recent call last):", "  File \"__main__.py\", line 3, in main",
                "    return json.loads('{')"), stderr);
        assertTrue(stderr.get(stderr.size() - 1).startsWith("json.decoder.JSONDecodeError: "), stderr.toString());
        assertTrue(stderr.stream().noneMatch(l -> l.contains("proxy.py")), "no frame of the proxy: " + stderr);
    }

    @Test
    void aSyntaxErrorLogsItsMessageAsOpenWhisksCompileStepDoes() {
        Container c = start();
        RuntimeResponse r = c.init(initBody("def main(args):\n    return 1 +* 2\n"), TIMEOUT);
        assertEquals(502, r.status());
        assertTrue(json(r).get("error").asText().startsWith("Initialization has failed due to: invalid syntax"), r.body());
        long start = System.nanoTime();
        var logs = c.logs(1 << 20, true);
        assertTrue(System.nanoTime() - start < 1_500_000_000L, "waited for a sentinel");
        // bin/compile of apache/openwhisk-runtime-python writes er.msg, the action proxy adds the newline
        assertEquals(List.of("invalid syntax"), messages(logs, "stderr"));
    }

    @Test
    void otherEntryPointWorks() {
        Container c = start();
        var body = initBody("def niam(args):\n    return {'n': 4}\n");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("value")).put("main", "niam");
        assertEquals(200, c.init(body, TIMEOUT).status());
        assertEquals(4, json(c.run(runBody(Json.object()), TIMEOUT)).get("n").asInt());
    }
}
