package dev.assay.ranking.gating;

import java.util.List;

/**
 * A threshold chosen under a cost budget: queries with score below {@code theta} go to the
 * second stage. {@code lambda} is the final Lagrange multiplier of the budget constraint;
 * {@code exactGain} is the best mean gain of any feasible threshold (found by a full scan),
 * so {@code exactGain - meanGain} is what the method left on the table; {@code lagrangianGain}
 * is the best feasible threshold among the Lagrangian maximisers alone, before primal
 * completion (their difference is the duality gap the completion closed).
 */
public record GatingSolution(double theta, double lambda, double meanGain, double meanCost, double upshiftRate,
                             boolean feasible, int iterations, double exactTheta, double exactGain,
                             double lagrangianGain, List<Step> trace) {
    public GatingSolution {
        trace = List.copyOf(trace);
    }

    /** One dual-ascent iteration: the multiplier, the threshold it selected, and that threshold's mean cost. */
    public record Step(int iteration, double lambda, double theta, double meanGain, double meanCost) {}
}
