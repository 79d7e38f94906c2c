package dev.assay.protocol.classify;

/** Where a label came from: a structural validator, a learned model, a well-known port, or nothing. */
public enum Source { DPI, LEARNED, PORT, UNKNOWN }
