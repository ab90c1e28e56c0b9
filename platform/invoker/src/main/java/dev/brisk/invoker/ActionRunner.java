package dev.brisk.invoker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brisk.core.container.LogLine;
import dev.brisk.core.container.ActivationLogs;
import dev.brisk.core.container.Container;
import dev.brisk.core.container.InlineLogs;
import dev.brisk.core.container.ContainerException;
import dev.brisk.core.container.ImageUnavailableException;
import dev.brisk.core.container.ContainerSpec;
import dev.brisk.core.container.RuntimeResponse;
import dev.brisk.core.entity.ActivationResponse;
import dev.brisk.core.entity.KeyValue;
import dev.brisk.core.entity.Parameters;
import dev.brisk.core.entity.Exec;
import dev.brisk.core.entity.RuntimeKind;
import dev.brisk.core.entity.RuntimeManifest;
import dev.brisk.core.entity.WhiskAction;
import dev.brisk.core.entity.WhiskActivation;
import dev.brisk.core.error.Messages;
import dev.brisk.core.json.Json;
import dev.brisk.core.message.ActivationMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one activation in a container: {@code /init} on a cold start, {@code /run}, the logs up to the sentinel,
 * and the activation record with OpenWhisk's annotations (ContainerProxy.initializeAndRun).
 */
final class ActionRunner {
    private static final System.Logger LOG = System.getLogger(ActionRunner.class.getName());

    private final ContainerPool pool;
    private final RuntimeManifest manifest;
    private final InvokerSettings settings;

    ActionRunner(ContainerPool pool, RuntimeManifest manifest, InvokerSettings settings) {
        this.pool = pool;
        this.manifest = manifest;
        this.settings = settings;
    }

    WhiskActivation run(ActivationMessage msg, WhiskAction action, String revision) {
        return run(msg, action, revision, () -> {
        });
    }

    /**
     * As {@link #run(ActivationMessage, WhiskAction, String)}; {@code onShared} runs when the activation joins a
     * container already running others of its action (it takes no container of its own).
     */
    WhiskActivation run(ActivationMessage msg, WhiskAction action, String revision, Runnable onShared) {
        return run(msg, action, revision, onShared, null);
    }

    /**
     * As {@link #run(ActivationMessage, WhiskAction, String, Runnable)}; {@code onResult} gets the record without
     * logs as soon as the action answered {@code /run} in a container of its own, before its logs are read (the
     * invoker acknowledges the result to a blocking caller then, as OpenWhisk does). It is not called when the
     * activation ends otherwise; the returned record, logs included, is the activation's in every case. Null when
     * nobody waits for the result (a non-blocking activation): no early record is built.
     */
    WhiskActivation run(ActivationMessage msg, WhiskAction action, String revision, Runnable onShared,
                        Consumer<WhiskActivation> onResult) {
        long pickedUp = System.currentTimeMillis();
        // a blackbox action runs its own image; its kind carries no runtime of the manifest
        RuntimeKind kind = action.exec().isBlackbox()
                ? new RuntimeKind(Exec.BLACKBOX, Exec.BLACKBOX, false, action.exec().image(), false)
                : manifest.resolve(action.exec().kind()).orElse(null);
        if (kind == null) {
            return record(msg, action, pickedUp, pickedUp,
                    ActivationResponse.developerError("The '" + action.exec().kind() + "' runtime is no longer supported."),
                    List.of(), null, pickedUp, false);
        }
        long timeout = action.limits().timeout();
        // up to this many activations share one container (OpenWhisk's limits.concurrency) where the runtime can
        int concurrency = kind.concurrent() ? Math.max(1, action.limits().concurrency()) : 1;
        WarmKey key = new WarmKey(msg.user().namespace(), action.docId(), revision);
        ContainerSpec spec = new ContainerSpec("wsk" + settings.id() + "_" + action.name(), kind,
                action.limits().memory(), Map.of("__OW_API_HOST", settings.apiHost()), action.exec().image());
        ContainerPool.Lease lease;
        try {
            lease = pool.acquire(key, spec, concurrency);
            if (lease.joinedInit() && !pool.awaitInit(lease, Duration.ofMillis(timeout))) {
                // the sibling's /init failed (or took too long): this activation tries a container of its own
                pool.abandon(lease);
                lease = pool.acquire(key, spec, 1);
            }
        } catch (ContainerException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot provision a container for " + action.docId(), e);
            long now = System.currentTimeMillis();
            // a blackbox image that cannot be pulled is the developer's error (OpenWhisk's BlackboxStartupError);
            // a factory that runs no images at all is the deployment's: say which and why
            ActivationResponse response = action.exec().isBlackbox() && e instanceof ImageUnavailableException
                    ? ActivationResponse.developerError(Messages.imagePullError(action.exec().image()))
                    : ActivationResponse.whiskError(action.exec().isBlackbox() ? e.getMessage() : Messages.FAILED_TO_PROVISION);
            return record(msg, action, pickedUp, now, response, List.of(), null, pickedUp, false);
        }
        if (lease.shared()) {
            onShared.run();
        }
        Long initTime = null;
        long start = System.currentTimeMillis();
        List<String> initLines = List.of();
        if (!lease.warm()) {
            RuntimeResponse init;
            try {
                init = lease.container().init(initBody(msg, action), Duration.ofMillis(timeout));
            } catch (RuntimeException e) {
                pool.discard(lease);
                throw e;
            }
            initTime = init.millis();
            if (!init.ok()) {
                // the logs first: discarding destroys the container, and with it the log the engine keeps
                ActivationLogs logs = lease.container().logs(logLimit(action), runtimeEndedLogs(init, true));
                pool.discard(lease);
                ActivationResponse failure = init.failure() == RuntimeResponse.Failure.TIMEOUT
                        ? ActivationResponse.developerError(Messages.timedOutAtInit(timeout))
                        : init.failure() == RuntimeResponse.Failure.MEMORY_EXHAUSTED
                        ? ActivationResponse.developerError(Messages.MEMORY_EXHAUSTED)
                        : ActivationResponse.developerError(errorOf(init, Messages.ABNORMAL_INIT));
                return record(msg, action, start, init.end(), failure, withDeveloperErrorNote(logs), initTime,
                        pickedUp, init.failure() == RuntimeResponse.Failure.TIMEOUT);
            }
            if (concurrency > 1) {
                // what the code wrote while loading is the first activation's (OpenWhisk), taken before siblings run
                initLines = lease.container().logs(logLimit(action), false).lines();
            }
            pool.initialized(lease);
        }
        long deadline = System.currentTimeMillis() + timeout;
        ObjectNode body = runBody(msg, action, deadline);
        RuntimeResponse run;
        ActivationLogs logs;
        boolean developerError;
        ActivationResponse response;
        boolean logsLost = false; // a container whose logs cannot be read is not reused
        if (concurrency > 1) {
            Container.ConcurrentRun concurrent = lease.container().runConcurrently(body, Duration.ofMillis(timeout),
                    logLimit(action));
            run = concurrent.response();
            response = interpret(run, timeout, settings.resultMaxBytes());
            developerError = response.statusCode() == ActivationResponse.DEVELOPER_ERROR;
            // never read the shared output: it holds the siblings' lines too
            logs = concurrent.logs().orElse(ActivationLogs.EMPTY);
            if (!initLines.isEmpty()) {
                List<String> all = new ArrayList<>(initLines);
                all.addAll(logs.lines());
                logs = InlineLogs.limit(all, logLimit(action), logs.truncated());
            }
        } else {
            run = lease.container().run(body, Duration.ofMillis(timeout));
            response = interpret(run, timeout, settings.resultMaxBytes());
            developerError = response.statusCode() == ActivationResponse.DEVELOPER_ERROR;
            if (onResult != null) {
                onResult.accept(record(msg, action, lease.warm() ? run.start() : start, run.end(), response,
                        List.of(), initTime, pickedUp, run.failure() == RuntimeResponse.Failure.TIMEOUT));
            }
            if (!developerError) {
                pool.resultSent(lease); // the next activation of this action may wait for it rather than start another
            }
            try {
                logs = lease.container().logs(logLimit(action), !developerError || runtimeEndedLogs(run, false));
            } catch (RuntimeException e) {
                // the caller has the result already: the record keeps it, with OpenWhisk's note for lost logs
                LOG.log(System.Logger.Level.WARNING, "could not read the logs of " + msg.activationId(), e);
                logs = new ActivationLogs(List.of(LogLine.note(Messages.LOG_FAILURE)), false);
                logsLost = true;
            }
        }
        if (developerError || logsLost) {
            pool.discard(lease); // with siblings running, it goes when the last of them ends
        } else {
            pool.release(lease);
        }
        List<String> lines = developerError ? withDeveloperErrorNote(logs) : logs.lines();
        return record(msg, action, lease.warm() ? run.start() : start, run.end(), response, lines, initTime, pickedUp,
                run.failure() == RuntimeResponse.Failure.TIMEOUT);
    }

    /** OpenWhisk's ActivationResponse.processRunResponseContent. */
    static ActivationResponse interpret(RuntimeResponse run, long timeoutMillis) {
        return interpret(run, timeoutMillis, Long.MAX_VALUE);
    }

    /**
     * As {@link #interpret(RuntimeResponse, long)}; a response body longer than {@code resultMaxBytes} is an
     * application error quoting its first {@code resultMaxBytes} bytes, whatever it held (OpenWhisk's
     * truncatedResponse: the container client stops reading at the limit).
     */
    static ActivationResponse interpret(RuntimeResponse run, long timeoutMillis, long resultMaxBytes) {
        if (run.failure() == RuntimeResponse.Failure.TIMEOUT) {
            return ActivationResponse.developerError(Messages.timedOut(timeoutMillis));
        }
        if (run.failure() == RuntimeResponse.Failure.MEMORY_EXHAUSTED) {
            return ActivationResponse.developerError(Messages.MEMORY_EXHAUSTED);
        }
        if (run.failure() != null) {
            return ActivationResponse.developerError(Messages.ABNORMAL_RUN);
        }
        if (run.body() != null && (run.isTruncated() || (long) run.body().length() * 3 > resultMaxBytes)) {
            byte[] bytes = run.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long length = run.isTruncated() ? run.truncatedFrom() : bytes.length;
            if (length > resultMaxBytes) {
                String truncated = new String(bytes, 0, (int) Math.min(Math.min(resultMaxBytes, bytes.length),
                        Integer.MAX_VALUE), java.nio.charset.StandardCharsets.UTF_8);
                return ActivationResponse.applicationError(Json.object().put("error",
                        Messages.truncatedResponse(truncated, length, resultMaxBytes)));
            }
        }
        JsonNode body;
        try {
            body = Json.parse(run.body());
        } catch (RuntimeException e) {
            return ActivationResponse.developerError(Messages.INVALID_RUN_RESPONSE);
        }
        if (run.status() == 200) {
            if (body.isObject()) {
                return body.has("error") ? ActivationResponse.applicationError(body) : ActivationResponse.success(body);
            }
            if (body.isArray()) {
                return ActivationResponse.success(body);
            }
            return ActivationResponse.developerError(Messages.INVALID_RUN_RESPONSE);
        }
        if (body.isObject() && body.has("error")) {
            return new ActivationResponse(ActivationResponse.DEVELOPER_ERROR, Json.object().set("error", body.get("error")));
        }
        return ActivationResponse.developerError(Messages.INVALID_RUN_RESPONSE);
    }

    private static String errorOf(RuntimeResponse r, String fallback) {
        if (r.failure() != null || r.body() == null) {
            return fallback;
        }
        try {
            JsonNode body = Json.parse(r.body());
            JsonNode error = body.get("error");
            return error == null ? fallback : error.isTextual() ? error.asText() : error.toString();
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /**
     * Whether the runtime answered in a way that ends the activation's logs with the sentinels, so the logs are read up
     * to them even for a developer error (OpenWhisk reads a developer error's logs without waiting, which can miss
     * the error the runtime wrote just before answering; the container is discarded, so nothing it writes later is
     * lost to another activation): any answer to {@code /run}, and a 502 of {@code /init} (the code did not load:
     * OpenWhisk's Node.js and Python runtimes log why and write the sentinels). A 403 of {@code /init} (no code, no
     * main) writes none, nor does a runtime that timed out or died.
     */
    static boolean runtimeEndedLogs(RuntimeResponse response, boolean init) {
        return response.failure() == null && (!init || response.status() == 502);
    }

    private static List<String> withDeveloperErrorNote(ActivationLogs logs) {
        List<String> lines = new ArrayList<>(logs.lines());
        lines.add(LogLine.note(Messages.LOGS_MIGHT_BE_MISSING));
        return lines;
    }

    private static long logLimit(WhiskAction action) {
        return action.limits().logs() * 1024L * 1024L;
    }

    private ObjectNode initBody(ActivationMessage msg, WhiskAction action) {
        ObjectNode value = Json.object();
        value.put("name", action.name());
        value.put("main", action.exec().main() == null ? "main" : action.exec().main());
        value.put("code", action.exec().code());
        value.put("binary", action.exec().binary());
        ObjectNode env = value.putObject("env");
        for (KeyValue kv : action.parameters().entries()) {
            if (kv.isInit()) {
                env.put(kv.key(), kv.value().isTextual() ? kv.value().asText() : kv.value().toString());
            }
        }
        env.put("__OW_NAMESPACE", msg.user().namespace());
        env.put("__OW_ACTION_NAME", "/" + action.docId());
        env.put("__OW_ACTION_VERSION", action.version().toString());
        if (providesApiKey(action)) {
            env.put("__OW_API_KEY", msg.user().authKey());
        }
        ObjectNode body = Json.object();
        body.set("value", value);
        return body;
    }

    private ObjectNode runBody(ActivationMessage msg, WhiskAction action, long deadline) {
        ObjectNode body = Json.object();
        body.set("value", msg.content() == null ? Json.object() : msg.content());
        body.put("namespace", msg.user().namespace());
        body.put("action_name", "/" + action.docId());
        body.put("action_version", action.version().toString());
        body.put("activation_id", msg.activationId());
        body.put("transaction_id", msg.transid());
        body.put("deadline", Long.toString(deadline));
        if (providesApiKey(action)) {
            body.put("api_key", msg.user().authKey());
        }
        return body;
    }

    /** OpenWhisk passes the key unless the action is annotated {@code provide-api-key: false}. */
    private static boolean providesApiKey(WhiskAction action) {
        return action.annotations().get("provide-api-key").map(v -> !(v.isBoolean() && !v.asBoolean())).orElse(true);
    }

    private WhiskActivation record(ActivationMessage msg, WhiskAction action, long start, long end,
                                   ActivationResponse response, List<String> logs, Long initTime, long pickedUp,
                                   boolean timedOut) {
        Parameters annotations = Parameters.EMPTY
                .with("path", Json.MAPPER.getNodeFactory().textNode(action.path()))
                .with("waitTime", Json.MAPPER.getNodeFactory().numberNode(Math.max(0, pickedUp - msg.submitted())))
                .with("kind", Json.MAPPER.getNodeFactory().textNode(action.exec().kind()))
                .with("timeout", Json.MAPPER.getNodeFactory().booleanNode(timedOut))
                .with("limits", action.limits().toJson());
        if (initTime != null) {
            annotations = annotations.with("initTime", Json.MAPPER.getNodeFactory().numberNode(initTime));
        }
        if (msg.cause() != null) {
            annotations = annotations.with("causedBy", Json.MAPPER.getNodeFactory().textNode("sequence"));
        }
        if (msg.binding() != null) {
            annotations = annotations.with("binding", Json.MAPPER.getNodeFactory().textNode(msg.binding()));
        }
        return new WhiskActivation(msg.user().namespace(), action.name(), msg.user().subject(), msg.activationId(),
                start, Math.max(end, start), msg.cause(), response, logs, action.version(), false, annotations);
    }
}
