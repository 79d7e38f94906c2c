package dev.assay.ranking.monitor;

import dev.assay.core.alert.Severity;
import dev.assay.core.contract.Action;
import java.time.Instant;
import java.util.Objects;

/**
 * A trigger of the monitor that fired at the end of a window: its name (e.g. {@code quality.lcb:critical},
 * {@code latency.p95:band}, {@code quality.sequential:emergency}), severity, action and the evidence in words.
 */
public record Firing(String trigger, Severity severity, Action action, Instant at, String reason) {
    public Firing {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }
}
