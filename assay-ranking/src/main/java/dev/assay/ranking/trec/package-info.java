/**
 * TREC input files (plain or gzip, detected by magic bytes), parsed as trec_eval v10 accepts them, with
 * {@link dev.assay.ranking.trec.TrecFormatException} naming file and line otherwise: runs ({@link dev.assay.ranking.trec.Run}),
 * relevance information in trec_eval's {@code -R} formats ({@link dev.assay.ranking.trec.RelInfo}: qrels, qrels_jg,
 * prefs, qrels_prefs) and {@code -Z} z-score files ({@link dev.assay.ranking.trec.ZScores}).
 *
 * <p>Acceptance, matching trec_eval's {@code get_trec_results.c} / {@code get_qrels.c} / {@code get_qrels_jg.c} /
 * {@code get_prefs.c} / {@code get_qrels_prefs.c}: fields are separated by any run of whitespace; a run line whose
 * first non-blank character is {@code #} is a comment, while in the relevance files a comment is a line whose first
 * character is {@code #} (so " # x y 1" is a judgment of topic "#" there, as in trec_eval), and a {@code #} anywhere
 * else is part of a field (docnos such as {@code CR#93E-1860}); a run line needs at least six fields and fields
 * after the sixth are ignored (trec_eval's own fixture {@code results.trunc} has trailing text); the rank column is
 * ignored; the run id is the last line's. More lenient than trec_eval: blank lines are skipped in every file (trec_eval
 * skips them in runs only, and stops with "Malformed line" elsewhere), and a comment line that follows another is a
 * comment too (trec_eval reads it as a judgment, or stops with "Malformed line"); a comment as the last line of a
 * relevance file, which crashes trec_eval, is read as one. Stricter than trec_eval, on purpose: a score or
 * preference level must be a finite decimal number (trec_eval's {@code atof} silently reads "abc" as 0 and accepts NaN/inf), qrels lines need exactly four
 * fields with an integer relevance, a duplicate docno within a topic (within a judgment group for qrels_jg) is
 * rejected at parse time (trec_eval rejects it when the topic is evaluated), a z-score given twice for a topic and
 * measure is rejected, an empty file and a truncated gzip stream are errors.
 */
package dev.assay.ranking.trec;
