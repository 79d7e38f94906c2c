package dev.assay.core.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a monitor made of one window: an evaluation per check, in contract order, and the triggers that fired. */
public record WindowReport(Instant start, Instant end, List<Evaluation> evaluations, List<TriggerEvent> events) {
    public WindowReport {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        evaluations = List.copyOf(evaluations);
        events = List.copyOf(events);
    }
}
