/**
 * Signed, versioned checkpoints of the guard's learned state (the pattern memory, its decision rule and the poisoning
 * check's settings), written atomically and rotated: {@link dev.assay.agent.checkpoint.Checkpoints}.
 */
package dev.assay.agent.checkpoint;
