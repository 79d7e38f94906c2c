/**
 * Descriptive comparison of two TREC runs on one set of qrels: per measure the means, the paired
 * delta with a bootstrap interval, sign-flip p-values with Holm's adjustment, wins / ties /
 * losses, effect size, and the overlap of the two rankings ({@code assay rank compare}).
 * Entry point: {@link dev.assay.ranking.compare.RunComparison#compare}.
 */
package dev.assay.ranking.compare;
