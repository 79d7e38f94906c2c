/**
 * Ground truth from nDPI's expected test outputs ({@code result/<capture>.out}): one
 * {@link dev.assay.protocol.labels.NdpiFlow} per flow line, with the protocol split into master
 * and application and the confidence nDPI gave; {@link dev.assay.protocol.labels.NdpiResults}
 * reads a file and tells which labels to trust (DPI confidence, no custom protocols).
 */
package dev.assay.protocol.labels;
