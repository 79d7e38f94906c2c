/**
 * Router distillation: a monotone GBM teacher on the first stage's own score features, distilled to
 * piecewise-linear shapes and INT8 tables, each policy's threshold fitted under a spend budget, gated on no regret
 * by a cross-fitted bootstrap bound, and written as a versioned artifact.
 */
package dev.assay.ranking.router;
