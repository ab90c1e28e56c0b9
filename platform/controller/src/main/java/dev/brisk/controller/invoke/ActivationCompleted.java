package dev.brisk.controller.invoke;

import dev.brisk.core.entity.WhiskActivation;

/**
 * A CDI event: this controller saw an activation complete (an invoker's report, a record it wrote for a lost one, a
 * sequence or a composition). Observed by {@link RecentActivations} and the activation metrics.
 */
public record ActivationCompleted(WhiskActivation activation) {
}
