package dev.assay.ranking.monitor;

/**
 * The mixture SPRT over every per-query gain seen so far: how many, their mean, the always-valid
 * p-value (running minimum), the current log likelihood ratio, and whether it has rejected towards a regression.
 */
public record SequentialStatus(long gains, double meanGain, double pValue, double logLikelihoodRatio, boolean rejected) {}
