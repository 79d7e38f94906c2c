/**
 * The token monitor: per-response statistics of an LLM's output from its per-token log-probabilities
 * ({@link dev.assay.llm.score.TokenScorer}: surprisal, perplexity, the mean of 1/p under its own name, entropy bounds from
 * top-k with the tail mass bounded, logit gaps, windowed, maximum and cumulative surprise), a quality check whose
 * thresholds are quantiles of reference traffic ({@link dev.assay.llm.score.QualityCheck}, {@link dev.assay.llm.score.Calibration}),
 * a result cache keyed by every input ({@link dev.assay.llm.score.ScoreCache}) and the readers of Mu-SHROOM and OpenAI
 * chat-completion lines ({@link dev.assay.llm.score.ScoreInputs}).
 */
package dev.assay.llm.score;
