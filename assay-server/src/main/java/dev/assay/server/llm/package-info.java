/** The LLM output monitor's routes and dashboard page: score a generation, recent perplexities, the latest failures. */
package dev.assay.server.llm;
