package dev.assay.ranking.confounding;

import java.util.Objects;

/**
 * One query of a logged policy: its stratum (e.g. confidence decile x query length x
 * language), whether it was treated (e.g. upshifted to the stronger ranker), its outcome
 * (e.g. nDCG@10), and negative-control outcomes the treatment cannot have changed (e.g.
 * the first stage's own nDCG, the query length).
 */
public record Unit(String stratum, boolean treated, double outcome, double[] negativeControls) {
    public Unit {
        Objects.requireNonNull(stratum, "stratum");
        if (!Double.isFinite(outcome)) throw new IllegalArgumentException("outcome must be finite, but was " + outcome);
        negativeControls = negativeControls == null ? new double[0] : negativeControls.clone();
    }
}
