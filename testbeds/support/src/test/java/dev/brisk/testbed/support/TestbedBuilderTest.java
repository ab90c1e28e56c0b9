package dev.brisk.testbed.support;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TestbedBuilderTest {
    static final class Builder extends TestbedBuilder<Builder> {
        Builder() {
            super(Path.of("target"), Duration.ofSeconds(1), line -> { });
        }
    }

    @Test
    void passThroughGivesEachPartItsOwnPropertiesAndNothingElse() {
        Properties p = new Properties();
        p.setProperty("brisk.testbed.controller.brisk.limits.concurrency.max", "500");
        p.setProperty("brisk.testbed.invoker.brisk.invoker.user-memory", "4096m");
        p.setProperty("brisk.testbed.invokers", "3");
        p.setProperty("user.home", "/root");
        Builder b = new Builder().passThrough(p);
        assertEquals(Map.of("brisk.limits.concurrency.max", "500"), b.controllerProperties());
        assertEquals(Map.of("brisk.invoker.user-memory", "4096m"), b.invokerProperties());
    }
}
