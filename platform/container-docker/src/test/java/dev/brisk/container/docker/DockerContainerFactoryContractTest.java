package dev.brisk.container.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerFactoryContract;
import dev.brisk.core.container.ContainerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import java.util.Map;

/** The Docker factory, with a real engine and Brisk's Node.js runtime image, passes the container factory contract. */
@Tag("docker")
class DockerContainerFactoryContractTest extends ContainerFactoryContract {
    private static DockerContainerFactory factory;

    @BeforeAll
    static void startFactory() {
        factory = DockerEngine.factoryOrNull(DockerEngine.invokerId("contract"));
    }

    @BeforeEach
    void engineAndImage() {
        DockerEngine.assumeEngine();
        DockerEngine.requireImage(factory, DockerEngine.NODEJS);
    }

    @AfterAll
    static void stopFactory() {
        if (factory != null) {
            factory.close();
        }
    }

    @Override
    protected ContainerFactory factory() {
        return factory;
    }

    @Override
    protected ContainerSpec spec() {
        return DockerEngine.spec("nodejs:default", 256);
    }

    @Override
    protected ObjectNode concurrentInit() {
        return DockerEngine.init("async function main(p) { console.log('start ' + p.id); await new Promise(r => setTimeout(r, p.wait));"
                + " console.error('end ' + p.id); return { id: p.id }; }");
    }

    @Override
    protected ObjectNode echoInit() {
        return DockerEngine.init("function main(p) { console.log('hello'); return p; }");
    }

    @Override
    protected ObjectNode sleepInit(long millis) {
        return DockerEngine.init("function main() { return new Promise(r => setTimeout(() => r({}), " + millis + ")); }");
    }

    @Override
    protected ObjectNode chattyInit() {
        return DockerEngine.init("function main(p) { for (let i = 0; i < p.lines; i++) { const t = (i % 2 ? 'err ' : 'out ') + i + ' ';"
                + " const line = t + 'x'.repeat(Math.max(0, p.size - t.length));"
                + " if (i % 2) console.error(line); else console.log(line); } return {}; }");
    }
}
