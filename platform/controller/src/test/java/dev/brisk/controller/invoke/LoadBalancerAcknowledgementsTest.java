package dev.brisk.controller.invoke;

import dev.brisk.controller.EmbeddedStores;
import dev.brisk.core.bus.LocalMessageBus;
import dev.brisk.core.bus.MessageConsumer;
import dev.brisk.core.bus.Topics;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.Identity;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.SemVer;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.json.Json;
import dev.brisk.core.message.ActivationMessage;
import dev.brisk.core.message.CompletionMessage;
import dev.brisk.core.message.PingMessage;
import dev.brisk.core.message.ResultMessage;
import dev.brisk.core.store.Stores;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's side of the two acknowledgements, with a real load balancer, in-process bus and embedded store
 * (the test plays the invokers on the bus): a blocking caller is answered by the result, while what the activation
 * holds (its invoker's memory, its namespace's concurrency) is given back only by the completion, which alone is
 * announced (recent records, metrics), with its logs.
 */
class LoadBalancerAcknowledgementsTest {
    private static final Identity GUEST = new Identity("guest", "guest", "uuid", "uuid:key");
    private static final String LINE = "2026-01-01T00:00:00.000000000Z stdout: hi";

    @TempDir
    Path work;
    private final LocalMessageBus bus = new LocalMessageBus();
    private final InFlightActivations inFlight = new InFlightActivations();
    private final List<ActivationCompleted> announced = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
    private volatile boolean pinging = true;
    private Stores stores;
    private LoadBalancer balancer;

    /** Records what the load balancer announces (a stand-in for CDI's event, this class only). */
    private final class Announcements implements Event<ActivationCompleted> {
        @Override
        public void fire(ActivationCompleted event) {
            announced.add(event);
        }

        @Override
        public <U extends ActivationCompleted> CompletionStage<U> fireAsync(U event) {
            fire(event);
            return CompletableFuture.completedFuture(event);
        }

        @Override
        public <U extends ActivationCompleted> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            return fireAsync(event);
        }

        @Override
        public Event<ActivationCompleted> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends ActivationCompleted> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends ActivationCompleted> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }

    /** Two invokers of 256 MB each, pinging until a test stops them; offline after 1 s of silence. */
    private void start() throws InterruptedException {
        stores = EmbeddedStores.open(work);
        balancer = new LoadBalancer(bus, Topics.DEFAULT, stores, new Announcements(), inFlight, 0,
                Duration.ofSeconds(1), Duration.ofSeconds(5));
        balancer.start(new Object());
        pinger.scheduleAtFixedRate(() -> {
            if (pinging) {
                for (int id = 0; id < 2; id++) {
                    bus.producer().send(Topics.DEFAULT.health(), Json.bytes(new PingMessage(id,
                            System.currentTimeMillis(), 256)));
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        await(() -> balancer.invokers().size() == 2, "both invokers pinged");
    }

    @AfterEach
    void stop() {
        pinger.shutdownNow();
        if (balancer != null) {
            balancer.stop();
        }
        if (stores != null) {
            stores.close();
        }
        bus.close();
    }

    private static ActivationMessage message(String id) {
        return new ActivationMessage("tid", id, "guest/hello", "1-a", GUEST, Json.object(), 0, true, null,
                System.currentTimeMillis(), null);
    }

    private static WhiskActivation record(String id, List<String> logs) {
        return new WhiskActivation("guest", "hello", "guest", id, 1000, 1010, null,
                ActivationResponse.success(Json.object().put("answer", 42)), logs, SemVer.INITIAL, false,
                Parameters.EMPTY.with("path", Json.MAPPER.getNodeFactory().textNode("guest/hello")));
    }

    /** Publishes an activation of 256 MB and answers which invoker's topic it was sent to. */
    private int publish(String id, List<CompletableFuture<WhiskActivation>> answers, MessageConsumer... topics) {
        answers.add(balancer.publish(message(id), "guest/hello", 256, 1, 60_000));
        for (int invoker = 0; invoker < topics.length; invoker++) {
            List<byte[]> got = topics[invoker].poll(Duration.ofMillis(200), 1);
            if (!got.isEmpty()) {
                assertEquals(id, Json.parse(got.getFirst()).path("activationId").asText());
                return invoker;
            }
        }
        throw new AssertionError("activation " + id + " was sent to no invoker");
    }

    private void acknowledge(Object message) {
        bus.producer().send(Topics.DEFAULT.completed(0), Json.bytes(message));
    }

    @Test
    void theCallerIsAnsweredByTheResultAndTheHoldIsGivenBackByTheCompletion() throws Exception {
        start();
        MessageConsumer invoker0 = bus.consumer(Topics.DEFAULT.invoker(0), "test");
        MessageConsumer invoker1 = bus.consumer(Topics.DEFAULT.invoker(1), "test");
        List<CompletableFuture<WhiskActivation>> answers = new CopyOnWriteArrayList<>();
        String first = "00000000000000000000000000000001";
        int home = publish(first, answers, invoker0, invoker1);
        assertEquals(1, inFlight.activeActivations("guest"));

        acknowledge(ResultMessage.of("tid", record(first, List.of(LINE))));
        WhiskActivation answered = answers.getFirst().get(5, TimeUnit.SECONDS);
        assertEquals(42, answered.response().result().path("answer").asInt());
        assertEquals(List.of(), answered.logs(), "the caller's record has no logs");
        // still held: the namespace counts it, its invoker's memory is taken, nothing is announced
        assertEquals(1, inFlight.activeActivations("guest"));
        assertTrue(announced.isEmpty(), "announced before its completion: " + announced);
        String second = "00000000000000000000000000000002";
        assertEquals(1 - home, publish(second, answers, invoker0, invoker1),
                "the home invoker's memory is still held by the first activation");

        acknowledge(CompletionMessage.of("tid", record(first, List.of(LINE)), false, home));
        await(() -> announced.size() == 1, "the completion is announced");
        assertEquals(1, inFlight.activeActivations("guest"), "the completion gives the first activation back");
        assertEquals(List.of(LINE), announced.getFirst().activation().logs(), "the completion is announced whole");
        String third = "00000000000000000000000000000003";
        assertEquals(home, publish(third, answers, invoker0, invoker1), "the home invoker has room again");
        assertEquals(List.of(), answers.getFirst().join().logs(), "a late completion does not change the answer");
    }

    @Test
    void aCompletionThatComesFirstAnswersTheCallerWithTheWholeRecordAndALateResultIsIgnored() throws Exception {
        start();
        String id = "00000000000000000000000000000004";
        CompletableFuture<WhiskActivation> answer = balancer.publish(message(id), "guest/hello", 256, 1, 60_000);
        acknowledge(CompletionMessage.of("tid", record(id, List.of(LINE)), false, 0));
        assertEquals(List.of(LINE), answer.get(5, TimeUnit.SECONDS).logs());
        acknowledge(ResultMessage.of("tid", record(id, List.of())));
        await(() -> announced.size() == 1, "the completion is announced");
        Thread.sleep(300);
        assertEquals(0, inFlight.activeActivations("guest"), "a late result brings nothing back");
        assertEquals(1, announced.size());
    }

    @Test
    void anActivationWhoseInvokerIsLostAfterItsResultIsRecordedWithThatResult() throws Exception {
        start();
        String id = "00000000000000000000000000000005";
        CompletableFuture<WhiskActivation> answer = balancer.publish(message(id), "guest/hello", 256, 1, 60_000);
        acknowledge(ResultMessage.of("tid", record(id, List.of())));
        assertEquals(42, answer.get(5, TimeUnit.SECONDS).response().result().path("answer").asInt());
        pinging = false; // both invokers go silent before the completion
        await(() -> stores.activations().get("guest/" + id).isPresent(), "the controller records it");
        WhiskActivation stored = WhiskActivation.fromDocument(stores.activations().get("guest/" + id).get().body());
        assertEquals(ActivationResponse.SUCCESS, stored.response().statusCode(), "the result the caller got");
        assertEquals(42, stored.response().result().path("answer").asInt());
        assertEquals(1, stored.logs().size());
        assertTrue(stored.logs().getFirst().contains(LoadBalancer.LOGS_LOST), stored.logs().toString());
        await(() -> announced.size() == 1, "the record the controller wrote is announced");
        assertEquals(stored, announced.getFirst().activation());
        assertEquals(0, inFlight.activeActivations("guest"));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            Thread.sleep(20);
        }
    }
}
