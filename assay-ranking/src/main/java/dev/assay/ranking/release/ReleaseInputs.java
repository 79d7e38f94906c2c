package dev.assay.ranking.release;

import dev.assay.ranking.metrics.PairedScores;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a release contract is evaluated on: per-topic measures of both rankers (keyed by the
 * measure as a contract names it, e.g. {@code ndcg_cut.10}), named
 * slices of topics, the candidate's latencies (ms), per-topic overlap of the two top-k
 * lists, and calibration pairs of both. Absent inputs are empty; guards that need them
 * answer NO_DATA.
 */
public record ReleaseInputs(Map<String, PairedScores> scores, Map<String, Set<String>> slices, double[] candidateLatencyMs,
                            double[] overlap, Calibrated production, Calibrated candidate) {
    public ReleaseInputs {
        scores = Map.copyOf(scores);
        slices = Map.copyOf(slices);
        candidateLatencyMs = candidateLatencyMs == null ? new double[0] : candidateLatencyMs.clone();
        overlap = overlap == null ? new double[0] : overlap.clone();
        for (double v : candidateLatencyMs)
            if (!(v >= 0 && v < 1e9)) throw new dev.assay.core.InvalidInputException("latencies must be finite and >= 0 ms, but one was " + v);
        for (double v : overlap)
            if (!(v >= 0 && v <= 1)) throw new dev.assay.core.InvalidInputException("overlap values must be in [0, 1], but one was " + v);
        production = production == null ? Calibrated.NONE : production;
        candidate = candidate == null ? Calibrated.NONE : candidate;
    }

    /** Confidence scores with whether each prediction was correct. */
    public record Calibrated(double[] confidence, boolean[] correct) {
        public static final Calibrated NONE = new Calibrated(new double[0], new boolean[0]);

        public Calibrated {
            Objects.requireNonNull(confidence, "confidence");
            Objects.requireNonNull(correct, "correct");
            if (confidence.length != correct.length)
                throw new IllegalArgumentException("confidence and correct must have equal lengths, but were "
                        + confidence.length + " and " + correct.length);
        }
    }

    /** Only quality inputs. */
    public static ReleaseInputs ofScores(Map<String, PairedScores> scores) {
        return new ReleaseInputs(scores, Map.of(), null, null, null, null);
    }
}
