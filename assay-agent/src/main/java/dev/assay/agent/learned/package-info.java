/**
 * The learned layer of the agent action guard: {@link dev.assay.agent.learned.InteractionEncoder} embeds an
 * interaction with the in-process MiniLM model (no network), {@link dev.assay.agent.learned.TrajectoryFeatures}
 * reads a few signals from its turns (instructions in tool results that the next action follows, risky verbs,
 * confirmations), {@link dev.assay.agent.learned.LogisticModel} is a classifier trained on both, and
 * {@link dev.assay.agent.learned.LearnedLayer} decides ALLOW, DENY or ESCALATE from a pattern memory's posterior.
 */
package dev.assay.agent.learned;
