package dev.assay.ranking.monitor;

import dev.assay.core.contract.Evaluation;
import dev.assay.core.contract.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One closed window: its bounds, the number of observations, one core {@link Evaluation} per check
 * (quality.lcb, latency.p95, overlap.jaccard10, calibration.ece, in that order), the sequential test
 * after the window, and what fired.
 */
public record WindowResult(Instant start, Instant end, int observations, List<Evaluation> evaluations,
                           SequentialStatus sequential, List<Firing> firings) {
    public WindowResult {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        evaluations = List.copyOf(evaluations);
        Objects.requireNonNull(sequential, "sequential");
        firings = List.copyOf(firings);
    }

    /** The evaluation of {@code check}. */
    public Evaluation evaluation(String check) {
        for (Evaluation e : evaluations) if (e.check().equals(check)) return e;
        throw new IllegalArgumentException("no check named " + check);
    }

    /** The verdict of {@code check}. */
    public Verdict verdict(String check) {
        return evaluation(check).verdict();
    }
}
