package dev.assay.ranking.gating;

import java.util.Arrays;
import java.util.Optional;

/**
 * What {@code assay rank gate} and the sustainment cycle compute from routing data: the
 * threshold under the budget (dual ascent, 500 iterations, eta0 0.5), the gain of always
 * upshifting, the ROC of low first-stage confidence predicting that an upshift helps
 * (absent when every upshift helped or none did), and the early-exit band below a finite
 * threshold.
 */
public record GateAnalysis(int topics, double budget, GatingSolution solution, double alwaysGain, int helped,
                           Optional<RocCurve> roc, Optional<EarlyExitBand> band) {
    static final int MAX_ITERATIONS = 500;
    static final double ETA0 = 0.5;

    /**
     * The threshold policy under {@code budget} for queries with first-stage confidence {@code score},
     * upshift {@code gain} and {@code cost} (one value per query), by the same dual ascent as {@link #of}.
     */
    public static GatingSolution threshold(double[] score, double[] gain, double[] cost, double budget) {
        return DualAscent.solve(new GatingProblem(score, gain, cost), budget, MAX_ITERATIONS, ETA0);
    }

    public static GateAnalysis of(RoutingData data, double budget, double bandShare) {
        GatingProblem p = data.problem();
        GatingSolution s = DualAscent.solve(p, budget, MAX_ITERATIONS, ETA0);
        int n = p.size();
        double always = Arrays.stream(data.gain()).sum() / n;
        boolean[] helps = new boolean[n];
        double[] lowConfidence = new double[n];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            helps[i] = data.gain()[i] > 0;
            lowConfidence[i] = -data.confidence()[i];
            if (helps[i]) positives++;
        }
        Optional<RocCurve> roc = positives > 0 && positives < n ? Optional.of(RocCurve.of(lowConfidence, helps)) : Optional.empty();
        Optional<EarlyExitBand> band = Double.isFinite(s.theta())
                ? Optional.of(EarlyExitBand.around(p, s.theta(), bandShare)) : Optional.empty();
        return new GateAnalysis(n, budget, s, always, positives, roc, band);
    }
}
