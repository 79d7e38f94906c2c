package dev.assay.ranking.router;

import dev.assay.ranking.gating.DualAscent;
import dev.assay.ranking.gating.GatingProblem;
import dev.assay.ranking.gating.GatingSolution;

/**
 * Upshift a query when its predicted gain is above {@code tau} and at least {@code minGain}.
 * {@code tau} is fitted under a spend budget (mean upshift cost per query) by Lagrangian dual
 * ascent over the predictions ({@link DualAscent}); {@code minGain} is a floor set by the
 * operator (0: never pay for a predicted loss).
 */
public record RoutingPolicy(double tau, double minGain, double budget) {
    /** Fits tau to maximise the mean realised gain of the training queries under the budget. */
    public static RoutingPolicy fit(double[] predicted, double[] gain, double[] cost, double budget, double minGain) {
        double[] score = new double[predicted.length];
        for (int i = 0; i < score.length; i++) score[i] = -predicted[i]; // low score = upshift first
        GatingSolution s = DualAscent.solve(new GatingProblem(score, gain, cost), budget, 500, 0.5);
        return new RoutingPolicy(-s.theta(), minGain, budget);
    }

    /**
     * The student's policy distilled from the teacher's decisions: the threshold on the
     * student's predictions that agrees with the most teacher decisions on the training rows
     * (ties to the higher threshold, which spends less), with the same floor and budget.
     */
    public static RoutingPolicy imitate(double[] student, boolean[] teacherUpshift, RoutingPolicy teacher) {
        int n = student.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(student[b], student[a]));
        // Threshold just below position c upshifts the c highest predictions.
        int agreeing = 0;
        for (boolean u : teacherUpshift) if (!u) agreeing++;
        int best = agreeing;
        int bestCut = 0;
        for (int c = 1; c <= n; c++) {
            agreeing += teacherUpshift[order[c - 1]] ? 1 : -1;
            boolean valid = c == n || student[order[c]] < student[order[c - 1]];
            if (valid && agreeing > best) {
                best = agreeing;
                bestCut = c;
            }
        }
        double tau = bestCut == 0 ? Double.POSITIVE_INFINITY
                : bestCut == n ? Double.NEGATIVE_INFINITY : student[order[bestCut]];
        return new RoutingPolicy(tau, teacher.minGain(), teacher.budget());
    }

    public boolean upshift(double predicted) {
        return predicted > tau && predicted >= minGain;
    }
}
