/**
 * Mu-SHROOM (SemEval-2025 Task 3) files: the reader of its jsonl records ({@link dev.assay.llm.mushroom.Mushroom#read}) and
 * the shared task's two metrics, character IoU of hard labels and Spearman correlation of soft labels, as its scorer defines them.
 */
package dev.assay.llm.mushroom;
