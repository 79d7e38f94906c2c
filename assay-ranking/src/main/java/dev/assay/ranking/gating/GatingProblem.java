package dev.assay.ranking.gating;

import dev.assay.core.InvalidInputException;

/**
 * Per-query outcomes of a two-stage ranker: the first stage's confidence {@code score},
 * the {@code gain} in the measure if the query is sent to the second stage (may be
 * negative), and the second stage's extra {@code cost} (e.g. latency in ms). A threshold
 * policy sends a query to the second stage when its score is below theta.
 */
record GatingProblem(double[] score, double[] gain, double[] cost) {
    public GatingProblem {
        if (score.length == 0) throw new InvalidInputException("a gating problem needs at least one query");
        if (gain.length != score.length || cost.length != score.length)
            throw new InvalidInputException("score, gain and cost must have one value per query, but had "
                    + score.length + ", " + gain.length + " and " + cost.length);
        for (int i = 0; i < score.length; i++) {
            if (!Double.isFinite(score[i]) || !Double.isFinite(gain[i]) || !(cost[i] >= 0 && Double.isFinite(cost[i])))
                throw new InvalidInputException("query " + i + " has a non-finite score or gain, or a negative cost");
        }
        score = score.clone();
        gain = gain.clone();
        cost = cost.clone();
    }

    public int size() {
        return score.length;
    }
}
