/**
 * Policy files: which tools an agent may call, must not call or needs approval for; which files (globs on
 * normalised real paths) are off limits or read-only; which programs may run; which hosts may be reached; and the
 * size limits. Read through core's document reader ({@link dev.assay.agent.policy.Policy#read}), every problem named
 * with its path and line.
 */
package dev.assay.agent.policy;
