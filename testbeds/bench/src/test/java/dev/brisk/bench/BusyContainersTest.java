package dev.brisk.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Scenario g counts the containers busy at once from the invokers' Prometheus text. */
class BusyContainersTest {
    @Test
    void theBusyContainersOfEveryInvokerAreSummed() {
        String scrape = """
                # HELP brisk_invoker_containers Action containers of the invoker's pool
                # TYPE brisk_invoker_containers gauge
                brisk_invoker_containers{invoker="0",state="busy"} 2.0
                brisk_invoker_containers{invoker="0",state="idle"} 7.0
                brisk_invoker_containers{invoker="1",state="busy"} 1.0
                brisk_invoker_containers_retired_total{invoker="0"} 3.0
                """;
        assertEquals(3, Benchmark.BusyContainers.busy(scrape));
    }

    @Test
    void aTargetWithoutTheMetricCountsNothing() {
        assertEquals(-1, Benchmark.BusyContainers.busy("jvm_threads_live_threads 40.0\n"));
        assertEquals(-1, Benchmark.BusyContainers.busy(""));
    }
}
