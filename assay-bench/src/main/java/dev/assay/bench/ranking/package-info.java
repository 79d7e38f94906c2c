/**
 * JMH benchmark of trec_eval-exact evaluation: parsing and evaluating the Robust03 runs in process, with the
 * gunzip-only floor beside it; whole-process peer comparisons are in {@code docs/BENCHMARKS.md}.
 */
package dev.assay.bench.ranking;
