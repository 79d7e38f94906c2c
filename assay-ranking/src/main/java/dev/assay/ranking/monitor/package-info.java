/**
 * Production monitoring of a candidate ranker under canary/AB: {@link dev.assay.ranking.monitor.RankingMonitor}
 * windows per-query observations, evaluates quality (bootstrap LCB and mixture SPRT), p95 latency, Jaccard@10 and
 * calibration error with the core's contracts and triggers, and rolls back through the core registry.
 */
package dev.assay.ranking.monitor;
