/**
 * Statistics for evidence about models: paired bootstrap confidence bounds ({@link dev.assay.core.stats.PairedBootstrap}),
 * randomization and permutation tests ({@link dev.assay.core.stats.Randomization}), rank tests checked
 * against R ({@link dev.assay.core.stats.MannWhitney}, {@link dev.assay.core.stats.KolmogorovSmirnov}),
 * always-valid sequential p-values ({@link dev.assay.core.stats.MixtureSprt}), multiplicity correction
 * ({@link dev.assay.core.stats.Holm}), calibration error ({@link dev.assay.core.stats.Calibration}),
 * split-conformal thresholds ({@link dev.assay.core.stats.SplitConformal}) and percentiles
 * ({@link dev.assay.core.stats.PercentileRecorder}).
 *
 * <p>Every Monte Carlo method takes its seed as a parameter and returns the same result for the same
 * inputs and seed on any number of threads. Bad input (empty or mismatched arrays, NaN or infinite
 * values, alpha outside (0, 1)) raises {@link dev.assay.core.InvalidInputException} naming the value.
 */
package dev.assay.core.stats;
