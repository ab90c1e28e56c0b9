package dev.brisk.testbed.docker;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * One Docker testbed for every test class of a run (started on first use, closed when the run ends), since its
 * start costs most of a minute. Skips, with the reason, unless {@code -Pdocker} ({@code brisk.test.docker=true}).
 * Tests get it as a {@link DockerTestbed} parameter.
 */
final class SharedDockerTestbed implements ParameterResolver, ExecutionCondition {
    private static final String WHY_DISABLED =
            "the Docker testbed needs an engine and the images: ci/build-images testbed, then mvn -Pdocker verify";

    /** Without -Pdocker the tests are skipped with the reason (an assumption in a parameter resolver would error). */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Boolean.getBoolean("brisk.test.docker") ? ConditionEvaluationResult.enabled("-Pdocker")
                : ConditionEvaluationResult.disabled(WHY_DISABLED);
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedDockerTestbed.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DockerTestbed.class || parameter.getParameter().getType() == Lazy.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Lazy.class) {
            assumeEnabled();
            return new Lazy(context);
        }
        return get(context);
    }

    /** The shared testbed, started only when {@link #get()} is called. */
    record Lazy(ExtensionContext context) {
        DockerTestbed get() {
            return SharedDockerTestbed.get(context);
        }
    }

    private static void assumeEnabled() {
        Assumptions.assumeTrue(Boolean.getBoolean("brisk.test.docker"), WHY_DISABLED);
    }

    static DockerTestbed get(ExtensionContext context) {
        assumeEnabled();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("testbed", k -> new Holder(start()),
                Holder.class).testbed;
    }

    private static DockerTestbed start() {
        Path work = Path.of(System.getProperty("brisk.testbed.work", "target/it-work")).resolve("docker");
        try {
            return DockerTestbed.builder().workDir(work).build().start();
        } catch (Exception e) {
            throw new IllegalStateException("the Docker testbed did not start: " + e.getMessage(), e);
        }
    }

    private record Holder(DockerTestbed testbed) implements AutoCloseable {
        @Override
        public void close() {
            testbed.close();
        }
    }
}
