/**
 * The learned layer's pattern memory: {@link dev.assay.agent.memory.PatternMemory}, a bounded store of labelled
 * embeddings (safe and unsafe exemplars) queried by exact k-nearest-neighbour search, with importance-weighted LRU
 * eviction; a {@link dev.assay.agent.memory.Posterior} over safe / unsafe with its entropy, and the
 * {@link dev.assay.agent.memory.DecisionRule} that turns it into ALLOW, DENY or ESCALATE.
 */
package dev.assay.agent.memory;
