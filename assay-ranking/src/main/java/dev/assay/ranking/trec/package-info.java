/**
 * TREC qrels and run files (plain or gzip, detected by magic bytes), parsed as trec_eval v10
 * accepts them, with {@link dev.assay.ranking.trec.TrecFormatException} naming file and line otherwise.
 *
 * <p>Acceptance, matching trec_eval's {@code get_trec_results.c} / {@code get_qrels.c}: fields are
 * separated by any run of whitespace; blank lines and lines whose first non-blank character is
 * {@code #} are skipped; a run line needs at least six fields and fields after the sixth are
 * ignored (trec_eval's own fixture {@code results.trunc} has trailing text); the rank column is
 * ignored; the run id is the last line's. Stricter than trec_eval, on purpose: a score must be a
 * finite decimal number (trec_eval's {@code atof} silently reads "abc" as 0 and accepts NaN/inf),
 * qrels lines need exactly four fields with an integer relevance, a duplicate docno within a topic
 * is rejected at parse time (trec_eval rejects it when the topic is evaluated), an empty file and a
 * truncated gzip stream are errors.
 */
package dev.assay.ranking.trec;
