/**
 * Hallucination spans from per-token scores: tokens aligned to character offsets of the output text
 * ({@code Alignment}), per-token surprisal standardised within the record, word and entity features of the text, and a
 * small logistic model over them; {@link dev.assay.llm.spans.SpanDetector} is the entry.
 */
package dev.assay.llm.spans;
