package dev.brisk.runtimes.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerFactoryContract;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The process factory (Node.js proxy, sandboxed where bubblewrap works) passes the container factory contract. */
class ProcessContainerFactoryContractTest extends ContainerFactoryContract {
    private static ProcessContainerFactory factory;

    @BeforeAll
    static void startFactory() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "brisk-cfc");
        factory = new ProcessContainerFactory(Map.of("work-dir", dir.toString()));
    }

    @AfterAll
    static void stopFactory() {
        factory.close();
    }

    @Override
    protected ContainerFactory factory() {
        return factory;
    }

    @Override
    protected ContainerSpec spec() {
        return new ContainerSpec("contract", RuntimeManifest.standard().resolve("nodejs:default").orElseThrow(), 256,
                Map.of());
    }

    private static ObjectNode init(String code) {
        ObjectNode body = Json.object();
        body.putObject("value").put("name", "contract").put("main", "main").put("code", code).put("binary", false);
        return body;
    }

    @Override
    protected ObjectNode concurrentInit() {
        return init("async function main(p) { console.log('start ' + p.id); await new Promise(r => setTimeout(r, p.wait));"
                + " console.error('end ' + p.id); return { id: p.id }; }");
    }

    @Override
    protected ObjectNode echoInit() {
        return init("function main(p) { console.log('hello'); return p; }");
    }

    @Override
    protected ObjectNode sleepInit(long millis) {
        return init("function main() { return new Promise(r => setTimeout(() => r({}), " + millis + ")); }");
    }

    @Override
    protected ObjectNode chattyInit() {
        return init("function main(p) { for (let i = 0; i < p.lines; i++) { const t = (i % 2 ? 'err ' : 'out ') + i + ' ';"
                + " const line = t + 'x'.repeat(Math.max(0, p.size - t.length));"
                + " if (i % 2) console.error(line); else console.log(line); } return {}; }");
    }
}
