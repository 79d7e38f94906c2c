/**
 * Two-stage gating: which queries to send to the expensive ranker under a latency budget, by Lagrangian dual ascent
 * with primal completion, with its ROC and early-exit band.
 */
package dev.assay.ranking.gating;
