/**
 * The poisoning check on learning from outcomes: {@link dev.assay.agent.poison.PoisonCheck} tells whether a labelled
 * exemplar fits the class it claims (per-class shrinkage-covariance Mahalanobis distance and class-separation
 * consistency, calibrated to a false-flag rate) before the pattern memory learns it.
 */
package dev.assay.agent.poison;
