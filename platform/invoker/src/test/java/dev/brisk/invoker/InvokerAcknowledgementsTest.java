package dev.brisk.invoker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.bus.LocalMessageBus;
import dev.brisk.core.bus.MessageConsumer;
import dev.brisk.core.bus.Topics;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.ContainerFactory;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.entity.ActionLimits;
import dev.brisk.core.entity.Exec;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import dev.brisk.core.message.Acknowledgement;
import dev.brisk.core.message.ActivationMessage;
import dev.brisk.core.message.CompletionMessage;
import dev.brisk.core.message.ResultMessage;
import dev.brisk.core.store.StoreProvider;
import dev.brisk.core.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The invoker's acknowledgements on {@code completed<N>}, with a real invoker, bus and store: a blocking activation's
 * result is sent while its logs are still being collected (a container whose log read waits until the test lets it
 * go; it stands in for real containers in this class only), the completion and the stored record with the logs only
 * after; a non-blocking activation gets the completion alone.
 */
class InvokerAcknowledgementsTest {
    private static final String LINE = "2026-01-01T00:00:00.000000000Z stdout: hello from the action";

    @TempDir
    Path work;
    private final LocalMessageBus bus = new LocalMessageBus();
    private final CountDownLatch logsReleased = new CountDownLatch(1);
    private final CountDownLatch logsAsked = new CountDownLatch(1);
    private volatile boolean logsBreak;
    private final java.util.concurrent.atomic.AtomicInteger destroyed = new java.util.concurrent.atomic.AtomicInteger();
    private Stores stores;
    private InvokerService invoker;
    private MessageConsumer acks;
    private String revision;

    /** A container that answers at once and whose logs are read only once the test releases them. */
    private final class HeldLogs implements Container {
        @Override
        public String id() {
            return "held";
        }

        @Override
        public RuntimeResponse init(ObjectNode body, Duration timeout) {
            return RuntimeResponse.of(200, "{\"ok\":true}", 0, 1);
        }

        @Override
        public RuntimeResponse run(ObjectNode body, Duration timeout) {
            long now = System.currentTimeMillis();
            return RuntimeResponse.of(200, "{\"answer\":42}", now, now + 1);
        }

        @Override
        public ActivationLogs logs(long limitBytes, boolean waitForSentinel) {
            if (logsBreak) {
                throw new IllegalStateException("the log pipe broke");
            }
            logsAsked.countDown();
            try {
                if (!logsReleased.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the logs");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ActivationLogs(List.of(LINE), false);
        }

        @Override
        public void destroy() {
            destroyed.incrementAndGet();
        }
    }

    @BeforeEach
    void start() {
        StoreProvider embedded = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("embedded")).findFirst().orElseThrow();
        stores = embedded.open(Map.of("path", work.resolve("store").toString()));
        WhiskAction action = new WhiskAction("guest", "hello", SemVer.INITIAL, false, Parameters.EMPTY,
                Parameters.EMPTY, new Exec("nodejs:20", "function main() {}", false, null),
                new ActionLimits(10_000, 256, 10, 1), 0);
        revision = stores.whisks().put(action.docId(), null, action.toDocument());
        ContainerFactory factory = new ContainerFactory() {
            @Override
            public Container create(ContainerSpec spec) {
                return new HeldLogs();
            }

            @Override
            public void close() {
            }
        };
        invoker = new InvokerService(new InvokerSettings(0, 1024, Duration.ofMinutes(10), Duration.ofMinutes(10),
                "http://127.0.0.1"), stores, bus, Topics.DEFAULT, factory, RuntimeManifest.standard());
        acks = bus.consumer(Topics.DEFAULT.completed(0), "test");
    }

    @AfterEach
    void stop() {
        logsReleased.countDown();
        invoker.close();
        stores.close();
        bus.close();
    }

    private ActivationMessage activation(String id, boolean blocking) {
        return new ActivationMessage("tid", id, "guest/hello", revision, new Identity("guest", "guest", "uuid",
                "uuid:key"), Json.object(), 0, blocking, null, System.currentTimeMillis(), null);
    }

    private List<Acknowledgement> read(Duration wait) {
        return acks.poll(wait, 16).stream().map(Acknowledgement::parse).toList();
    }

    @Test
    void aBlockingCallersResultIsSentBeforeTheLogsAreCollectedAndTheCompletionAfter() throws Exception {
        String id = "0123456789abcdef0123456789abcdef";
        bus.producer().send(Topics.DEFAULT.invoker(0), Json.bytes(activation(id, true)));

        assertTrue(logsAsked.await(20, TimeUnit.SECONDS), "the invoker never read the logs");
        List<Acknowledgement> first = read(Duration.ofSeconds(10));
        assertEquals(1, first.size(), "one acknowledgement while the logs are held: " + first);
        ResultMessage result = assertInstanceOf(ResultMessage.class, first.getFirst());
        WhiskActivation answered = result.activationRecord();
        assertEquals(id, answered.activationId());
        assertEquals(42, answered.response().result().path("answer").asInt());
        assertEquals(List.of(), answered.logs(), "the result goes without logs");
        assertEquals(List.of(), read(Duration.ofMillis(500)), "no completion while the logs are still being read");
        assertTrue(stores.activations().get("guest/" + id).isEmpty(), "no record stored before the logs");

        logsReleased.countDown();
        List<Acknowledgement> then = read(Duration.ofSeconds(10));
        assertEquals(1, then.size(), "the completion once the logs are in: " + then);
        CompletionMessage completion = assertInstanceOf(CompletionMessage.class, then.getFirst());
        assertEquals(List.of(LINE), completion.activationRecord().logs());
        assertEquals(answered.response(), completion.activationRecord().response());
        assertEquals(0, completion.invoker());
        WhiskActivation stored = awaitStored("guest/" + id);
        assertEquals(List.of(LINE), stored.logs(), "the stored record has the logs");
        assertEquals(answered.withLogs(List.of(LINE)), stored);
    }

    @Test
    void aNonBlockingActivationGetsTheCompletionOnly() throws Exception {
        logsReleased.countDown();
        String id = "fedcba9876543210fedcba9876543210";
        bus.producer().send(Topics.DEFAULT.invoker(0), Json.bytes(activation(id, false)));
        List<Acknowledgement> got = read(Duration.ofSeconds(20));
        assertEquals(1, got.size(), got.toString());
        CompletionMessage completion = assertInstanceOf(CompletionMessage.class, got.getFirst());
        assertEquals(List.of(LINE), completion.activationRecord().logs());
        assertEquals(List.of(), read(Duration.ofMillis(500)), "nothing after the completion");
        assertEquals(List.of(LINE), awaitStored("guest/" + id).logs());
    }

    @Test
    void logsThatCannotBeReadLeaveTheResultWithOpenWhisksNoteAndTheContainerIsNotReused() throws Exception {
        logsBreak = true;
        String id = "00112233445566778899aabbccddeeff";
        bus.producer().send(Topics.DEFAULT.invoker(0), Json.bytes(activation(id, true)));
        List<Acknowledgement> got = new java.util.ArrayList<>(read(Duration.ofSeconds(20)));
        if (got.size() < 2) {
            got.addAll(read(Duration.ofSeconds(10)));
        }
        assertEquals(2, got.size(), got.toString());
        assertInstanceOf(ResultMessage.class, got.get(0));
        WhiskActivation completed = assertInstanceOf(CompletionMessage.class, got.get(1)).activationRecord();
        assertEquals(42, completed.response().result().path("answer").asInt(), "the result stands");
        assertEquals(1, completed.logs().size(), completed.logs().toString());
        assertTrue(completed.logs().getFirst().endsWith("stderr: " + dev.brisk.core.error.Messages.LOG_FAILURE),
                completed.logs().toString());
        assertEquals(completed, awaitStored("guest/" + id));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (destroyed.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // containers are destroyed on the pool's own thread
        }
        assertEquals(1, destroyed.get(), "the container whose logs broke is discarded");
    }

    private WhiskActivation awaitStored(String docId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var doc = stores.activations().get(docId);
            if (doc.isPresent()) {
                return WhiskActivation.fromDocument(doc.get().body());
            }
            Thread.sleep(20);
        }
        throw new AssertionError(docId + " was not stored");
    }
}
