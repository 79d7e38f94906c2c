/** Benchmarks of the LLM output monitor: the token monitor's overhead per response. */
package dev.assay.bench.llm;
