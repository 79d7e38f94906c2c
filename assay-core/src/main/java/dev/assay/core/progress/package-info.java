/** Progress of long-running work, reported by library code and shown (or not) by the caller. */
package dev.assay.core.progress;
