/**
 * Contracts: declarative checks {@code {metric, slice, statistic, comparator, threshold}} evaluated
 * over fixed windows of observations, giving PASS / FAIL / INCONCLUSIVE / NO_DATA with the evidence,
 * and triggers (N consecutive failing windows, failing for a duration) that name an action.
 *
 * <p>Data flow: {@link dev.assay.core.contract.Observation}s are bucketed into
 * {@link dev.assay.core.contract.Window}s (by {@link dev.assay.core.contract.Windower} against an
 * injected clock, or {@link dev.assay.core.contract.Window#tumbling} for a batch); a
 * {@link dev.assay.core.contract.ContractMonitor} evaluates every {@link dev.assay.core.contract.Check}
 * of a {@link dev.assay.core.contract.Contract} on each window and keeps per-trigger streak state,
 * returning {@link dev.assay.core.contract.TriggerEvent}s. Contracts load from YAML or JSON with
 * {@link dev.assay.core.contract.Contracts#parse}.
 */
package dev.assay.core.contract;
