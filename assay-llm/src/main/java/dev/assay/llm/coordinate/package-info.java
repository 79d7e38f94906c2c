/**
 * Coordination monitor: a team of agents runs a task under a {@link dev.assay.llm.coordinate.Strategy} (sequential,
 * parallel, debate), against a compute-matched {@link dev.assay.llm.coordinate.Baseline} (the same number of model
 * calls, spent by one agent on self-consistency or best-of-n), every answer graded on its own on one scale by a
 * {@link dev.assay.llm.coordinate.Scorer} or a {@link dev.assay.llm.coordinate.Judge}'s rating (strict JSON; best-of-n
 * picks by the judge's pairwise comparison with order swap); agents' independent calls run concurrently; gamma, omega
 * and the real consensus rate with bootstrap intervals over repeats ({@link dev.assay.llm.coordinate.Coordinator});
 * baselines kept in a {@link dev.assay.llm.coordinate.BaselineCache} with a TTL.
 */
package dev.assay.llm.coordinate;
