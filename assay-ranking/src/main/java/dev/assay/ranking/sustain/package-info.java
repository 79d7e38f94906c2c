/**
 * The sustainment cycle of a two-stage ranker: audit, per-slice split-conformal coverage, gating
 * re-optimisation, router refresh, and artifacts published atomically with a SHA-256 manifest and one ledger entry.
 */
package dev.assay.ranking.sustain;
