package dev.assay.ranking.router;

import dev.assay.ranking.gating.GateAnalysis;
import dev.assay.ranking.gating.GatingSolution;

/**
 * Upshift a query when its predicted gain is above {@code tau} and at least {@code minGain}.
 * {@code tau} is fitted under a spend budget (mean upshift cost per query) by Lagrangian dual
 * ascent over the predictions ({@link GateAnalysis#threshold}); {@code minGain} is a floor set by the
 * operator (0: never pay for a predicted loss).
 */
public record RoutingPolicy(double tau, double minGain, double budget) {
    /** Fits tau to maximise the mean realised gain of the training queries under the budget. */
    public static RoutingPolicy fit(double[] predicted, double[] gain, double[] cost, double budget, double minGain) {
        double[] score = new double[predicted.length];
        for (int i = 0; i < score.length; i++) score[i] = -predicted[i]; // low score = upshift first
        GatingSolution s = GateAnalysis.threshold(score, gain, cost, budget);
        return new RoutingPolicy(-s.theta(), minGain, budget);
    }

    public boolean upshift(double predicted) {
        return predicted > tau && predicted >= minGain;
    }
}
