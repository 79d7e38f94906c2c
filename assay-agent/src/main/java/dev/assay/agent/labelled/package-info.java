/**
 * Labelled sets of actions for evaluation: {@link dev.assay.agent.labelled.LabelledSets} reads SecBASH files and
 * Assay's JSONL of labelled actions, and {@link dev.assay.agent.labelled.Scores} counts a guard's decisions against
 * the labels (ESCALATE as a prediction of "unsafe", and the abstention view beside it).
 */
package dev.assay.agent.labelled;
