/**
 * Release contracts for rankers: guards (quality per measure and slice, latency percentiles, tail ratio, overlap,
 * calibration drift) evaluated with paired confidence bounds and Holm's correction against the production ranker;
 * {@code ReleaseEvaluation} is the one path from qrels and runs to a recorded report, shared by the CLI and HTTP.
 */
package dev.assay.ranking.release;
