/**
 * Continuous token monitoring as a core monitor kind ({@link dev.assay.llm.monitor.TokenMonitorKind},
 * {@code llm.tokens}): each response's perplexity is an observation, and every window's perplexities are tested against
 * the reference distribution (two-sample Kolmogorov-Smirnov), recorded in the ledger and alerted on drift.
 */
package dev.assay.llm.monitor;
