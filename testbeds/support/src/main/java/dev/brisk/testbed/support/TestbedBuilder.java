package dev.brisk.testbed.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The settings of a testbed that runs the platform as separate parts (controller, invokers, CouchDB, Kafka, nginx):
 * the process and Docker testbeds' builders extend it with their own. {@code B} is the extending builder, which
 * every setter returns.
 */
public abstract class TestbedBuilder<B extends TestbedBuilder<B>> {
    private static final String CONTROLLER_PREFIX = "brisk.testbed.controller.";
    private static final String INVOKER_PREFIX = "brisk.testbed.invoker.";
    private Path workDir;
    private int invokers = 2;
    private String dbPrefix = "brisk_";
    private String openssl = "openssl";
    private Duration readyTimeout;
    private final Map<String, String> controllerProperties = new LinkedHashMap<>();
    private final Map<String, String> invokerProperties = new LinkedHashMap<>();
    private Consumer<String> progress;

    /** The testbed's defaults for the settings that have no common one. */
    protected TestbedBuilder(Path workDir, Duration readyTimeout, Consumer<String> progress) {
        this.workDir = workDir;
        this.readyTimeout = readyTimeout;
        this.progress = progress;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The work directory (logs, data, pids). */
    public B workDir(Path dir) {
        this.workDir = dir;
        return self();
    }

    /** How many invokers (ids 0..n-1); default 2. */
    public B invokers(int count) {
        this.invokers = count;
        return self();
    }

    /** The prefix of the CouchDB databases' names; default {@code brisk_}. */
    public B dbPrefix(String prefix) {
        this.dbPrefix = prefix;
        return self();
    }

    /** The {@code openssl} command that makes the TLS certificate. */
    public B openssl(String command) {
        this.openssl = command;
        return self();
    }

    /** Bound on the readiness of the services. */
    public B readyTimeout(Duration timeout) {
        this.readyTimeout = timeout;
        return self();
    }

    /** A {@code -D} system property (MicroProfile Config name) for the controller, e.g. its offline threshold. */
    public B controllerProperty(String key, String value) {
        controllerProperties.put(key, value);
        return self();
    }

    /** A {@code -D} system property for every invoker. */
    public B invokerProperty(String key, String value) {
        invokerProperties.put(key, value);
        return self();
    }

    /**
     * The pass-through settings of {@code ci/testbed}: each system property {@code brisk.testbed.controller.KEY=V} /
     * {@code brisk.testbed.invoker.KEY=V} becomes {@code -DKEY=V} of the controller / every invoker.
     */
    public B passThrough(java.util.Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            if (key.startsWith(CONTROLLER_PREFIX)) {
                controllerProperty(key.substring(CONTROLLER_PREFIX.length()), value);
            } else if (key.startsWith(INVOKER_PREFIX)) {
                invokerProperty(key.substring(INVOKER_PREFIX.length()), value);
            }
        }
        return self();
    }

    /** Where progress lines go. */
    public B progress(Consumer<String> sink) {
        this.progress = sink;
        return self();
    }

    public Path workDir() {
        return workDir;
    }

    public int invokers() {
        return invokers;
    }

    public String dbPrefix() {
        return dbPrefix;
    }

    public String openssl() {
        return openssl;
    }

    public Duration readyTimeout() {
        return readyTimeout;
    }

    public Map<String, String> controllerProperties() {
        return Collections.unmodifiableMap(controllerProperties);
    }

    public Map<String, String> invokerProperties() {
        return Collections.unmodifiableMap(invokerProperties);
    }

    public Consumer<String> progress() {
        return progress;
    }
}
