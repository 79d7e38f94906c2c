package dev.assay.ranking.release;

import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.PairedScores;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a release contract is evaluated on: per-topic measures of both rankers (keyed by their
 * measure), named slices of topics, the candidate's latencies (ms, each as
 * {@link ReleaseEvaluation#requireLatency} accepts), per-topic overlap of the two top-k lists, and
 * calibration pairs of both. Absent inputs are empty; guards that need them
 * answer NO_DATA.
 */
record ReleaseInputs(Map<Measure, PairedScores> scores, Map<String, Set<String>> slices, double[] candidateLatencyMs,
                            double[] overlap, Calibrated production, Calibrated candidate) {
    public ReleaseInputs {
        scores = Map.copyOf(scores);
        scores.forEach((m, s) -> {
            if (!m.equals(s.measure())) throw new IllegalArgumentException("scores of " + s.measure().spec() + " keyed by " + m.spec());
        });
        slices = Map.copyOf(slices);
        candidateLatencyMs = candidateLatencyMs == null ? new double[0] : candidateLatencyMs.clone();
        overlap = overlap == null ? new double[0] : overlap.clone();
        for (int i = 0; i < candidateLatencyMs.length; i++) ReleaseEvaluation.requireLatency(candidateLatencyMs[i], "latencies[" + i + "]");
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

    /** Only quality inputs, each keyed by its measure. */
    public static ReleaseInputs ofScores(PairedScores... scores) {
        Map<Measure, PairedScores> byMeasure = new HashMap<>();
        for (PairedScores s : scores)
            if (byMeasure.put(s.measure(), s) != null) throw new IllegalArgumentException("scores of " + s.measure().spec() + " given twice");
        return new ReleaseInputs(byMeasure, Map.of(), null, null, null, null);
    }
}
