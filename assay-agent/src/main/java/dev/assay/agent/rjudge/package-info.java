/**
 * Agent-safety interaction sets in the R-Judge format: {@link dev.assay.agent.rjudge.RJudge#read} turns a JSON
 * array of records ({@code contents}: lists of user / agent / environment turns, {@code label} 0 safe or 1 unsafe)
 * into {@link dev.assay.agent.rjudge.Interaction}s, and {@link dev.assay.agent.rjudge.InteractionText} renders one
 * into the texts the learned layer embeds.
 */
package dev.assay.agent.rjudge;
