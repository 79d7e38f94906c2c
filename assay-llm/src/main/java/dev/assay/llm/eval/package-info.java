/**
 * The Mu-SHROOM evaluation of span detectors: per-language mean IoU and correlation of the "mark everything" and "mark
 * nothing" baselines, the score-only detector, and the learned one under cross-validation with folds by item and
 * leave-one-language-out; {@link dev.assay.llm.eval.Evaluation} is the entry.
 */
package dev.assay.llm.eval;
