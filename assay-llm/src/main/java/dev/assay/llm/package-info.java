/** The LLM output monitor (CERT): hallucination spans from the per-token scores of a model's output. */
package dev.assay.llm;
