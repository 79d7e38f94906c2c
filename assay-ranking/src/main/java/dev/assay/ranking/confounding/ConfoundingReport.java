package dev.assay.ranking.confounding;

import java.util.List;

/**
 * What stratification says about a logged treatment's effect.
 *
 * @param naiveEffect      mean outcome of treated minus untreated, ignoring strata
 * @param stratifiedEffect the size-weighted mean of within-stratum differences, over strata with both arms
 * @param pValue           two-sided within-stratum permutation p-value of the stratified effect, (c+1)/(B+1)
 * @param usableUnits      units in strata that have both arms (the others cannot be compared)
 * @param ess              Kish's effective sample size of the inverse-propensity weights, (sum w)^2 / sum w^2
 * @param essRatio         ess / usableUnits; near 1 means the strata are balanced
 * @param weightCv         coefficient of variation of the weights (their dispersion)
 * @param maxWeightShare   the largest single weight as a share of the total
 * @param negativeControls the same analysis on outcomes the treatment cannot change: effects should be null
 */
public record ConfoundingReport(double naiveEffect, double stratifiedEffect, double pValue, int strata, int usableStrata,
                                int usableUnits, double ess, double essRatio, double weightCv, double maxWeightShare,
                                List<NegativeControl> negativeControls, int permutations, long seed) {
    public ConfoundingReport {
        negativeControls = List.copyOf(negativeControls);
    }

    /** A negative control's stratified effect and permutation p-value. */
    public record NegativeControl(int index, double effect, double pValue) {}
}
