/**
 * Ranking release (T1): TREC run and qrels IO, trec_eval-exact metrics, release
 * contracts between a candidate and the production ranker, and monitoring with rollback.
 */
package dev.assay.ranking;
