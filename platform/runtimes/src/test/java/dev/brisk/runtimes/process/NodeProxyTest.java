package dev.brisk.runtimes.process;

import dev.brisk.core.container.Container;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeProxyTest extends ProxyProtocolTest {
    @Override
    String kind() {
        return "nodejs:20";
    }

    @Override
    String initOk() {
        return "{\"OK\":true}";
    }

    @Override
    String echo() {
        return "function main(params) { return params; }";
    }

    @Override
    String throwsAtLoad() {
        return "throw new Error('load failed');\nfunction main() { return {}; }";
    }

    @Override
    List<String> throwsAtLoadLogs() {
        // OpenWhisk's service.js: console.error('Error during initialization:', error), the error with its stack
        return List.of("Error during initialization: Error: load failed");
    }

    @Override
    List<String> throwsAtRunLogs() {
        return List.of("Extraordinary exception"); // console.error(error) of what main threw, here a string
    }

    @Override
    String appError() {
        return "function main() { return { error: 'bad input' }; }";
    }

    @Override
    String throwsAtRun() {
        return "function main() { throw 'Extraordinary exception'; }";
    }

    @Override
    String throwsAtRunMessage() {
        return "An error has occurred: Extraordinary exception";
    }

    @Override
    String returnsNumber() {
        return "function main() { return 42; }";
    }

    @Override
    String readsEnv() {
        return """
                const init = process.env.INIT_VALUE; // read at load time: exported before the code runs
                function main() {
                  const e = process.env;
                  return { id: e.__OW_ACTIVATION_ID, ns: e.__OW_NAMESPACE, deadline: e.__OW_DEADLINE, init,
                           number: e.NUMBER, action: e.__OW_ACTION_NAME, key: e.__OW_API_KEY, host: e.__OW_API_HOST };
                }""";
    }

    @Override
    String logs() {
        return """
                function main(params) {
                  console.log('hello');
                  console.error('oops');
                  console.log(params.text);
                  return { text: params.text + '✓' };
                }""";
    }

    @Override
    String manyLines() {
        return "function main(p) { for (let i = 0; i < p.n; i++) console.log('x'.repeat(100)); return {}; }";
    }

    @Override
    String sleeps() {
        return "function main() { return new Promise(r => setTimeout(() => r({}), 60000)); }";
    }

    @Override
    Map<String, String> zipFiles() {
        return Map.of("package.json", "{\"main\": \"lib/entry.js\"}",
                "lib/entry.js", "const h = require('./helper'); exports.main = () => ({ zipped: h.yes });",
                "lib/helper.js", "module.exports = { yes: true };");
    }

    @Test
    void asyncMainIsAwaited() {
        Container c = initialized("async function main(p) { await new Promise(r => setTimeout(r, 50)); return { v: p.v + 1 }; }");
        assertEquals(2, json(c.run(runBody(Json.object().put("v", 1)), TIMEOUT)).get("v").asInt());
    }

    @Test
    void rejectionsAreApplicationErrors() {
        Container error = initialized("function main() { return Promise.reject(new Error('went wrong')); }");
        RuntimeResponse r = error.run(runBody(Json.object()), TIMEOUT);
        assertEquals(200, r.status());
        assertEquals("went wrong", json(r).get("error").asText());
        Container object = initialized("function main() { return Promise.reject({ error: { code: 7 } }); }");
        RuntimeResponse o = object.run(runBody(Json.object()), TIMEOUT);
        assertEquals(200, o.status());
        assertEquals(7, json(o).get("error").get("code").asInt());
    }

    @Test
    void mainMayBeExportedOrNamedDifferently() {
        assertEquals(1, json(initialized("exports.main = () => ({ n: 1 });").run(runBody(Json.object()), TIMEOUT)).get("n").asInt());
        assertEquals(2, json(initialized("module.exports.main = () => ({ n: 2 });").run(runBody(Json.object()), TIMEOUT)).get("n").asInt());
        assertEquals(3, json(initialized("module.exports = { main: () => ({ n: 3 }) };").run(runBody(Json.object()), TIMEOUT)).get("n").asInt());
        Container c = start();
        var body = initBody("function niam() { return { n: 4, req: typeof require('path').join }; }");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("value")).put("main", "niam");
        assertEquals(200, c.init(body, TIMEOUT).status());
        var result = json(c.run(runBody(Json.object()), TIMEOUT));
        assertEquals(4, result.get("n").asInt());
        assertEquals("function", result.get("req").asText());
    }

    @Test
    void syntaxErrorIs502AndInTheLogs() {
        Container c = start();
        RuntimeResponse r = c.init(initBody("function main( {"), TIMEOUT);
        assertEquals(502, r.status());
        assertEquals(true, json(r).get("error").asText().startsWith("Initialization has failed due to: SyntaxError"), r.body());
        List<String> stderr = messages(c.logs(1 << 20, true), "stderr");
        assertTrue(stderr.get(0).startsWith("Error during initialization: SyntaxError: "), stderr.toString());
    }

    @Test
    void anErrorOfMainIsLoggedWithItsStack() {
        Container c = initialized("function main() {\n  throw new TypeError('no such thing');\n}");
        RuntimeResponse r = c.run(runBody(Json.object()), TIMEOUT);
        assertEquals(502, r.status());
        assertEquals("An error has occurred: TypeError: no such thing", json(r).get("error").asText());
        List<String> stderr = messages(c.logs(1 << 20, true), "stderr");
        assertEquals("TypeError: no such thing", stderr.get(0), stderr.toString());
        assertTrue(stderr.size() > 1 && stderr.get(1).matches("\\s+at main \\(.*"), "the stack follows: " + stderr);
    }

    @Test
    void aResultThatIsNoObjectIsLoggedAndNothingIsAnEmptyResult() {
        Container number = initialized(returnsNumber());
        assertEquals(502, number.run(runBody(Json.object()), TIMEOUT).status());
        assertEquals(List.of("Result must be of type object but has type \"number\": 42"),
                messages(number.logs(1 << 20, true), "stderr"));
        // OpenWhisk's runner.js: `return;` resolves to {}
        RuntimeResponse nothing = initialized("function main() { return; }").run(runBody(Json.object()), TIMEOUT);
        assertEquals(200, nothing.status(), nothing.body());
        assertEquals(Json.object(), json(nothing));
    }

    @Test
    void inlineLogsIncludeAsyncOutputUntilThePromiseSettles() throws java.io.IOException {
        ProcessContainer c = (ProcessContainer) start();
        String code = """
                async function main() {
                  console.log('before');
                  await new Promise(r => setTimeout(r, 30));
                  process.stdout.write('no newline');
                  setTimeout(() => console.log('after the answer'), 300);
                  return {};
                }""";
        assertEquals(200, exchange(c, "/init", Json.write(initBody(code)), true).status());
        var inline = exchange(c, "/run", Json.write(runBody(Json.object())), true);
        var lines = new java.util.ArrayList<String>();
        Json.parse(inline.body()).get("logs").forEach(l -> lines.add(l.asText()));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches(LOG_LINE.formatted("stdout", "before")), lines.get(0));
        assertTrue(lines.get(1).matches(LOG_LINE.formatted("stdout", "no newline")), lines.get(1));
    }

    @Override
    int thrownExceptionStatus() {
        return 502;
    }
}
