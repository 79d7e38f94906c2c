package dev.assay.protocol.dpi;

import java.util.List;

/** One validator's positive answer: the label (and application, or null), confidence and checks. */
record Match(String label, String application, double confidence, List<Check> checks) {}
