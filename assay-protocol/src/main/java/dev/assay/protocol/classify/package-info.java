/**
 * A flow's protocol, decided in stages, cheapest and surest first: the structural validators (DPI), optionally the
 * learned model (LEARNED, {@link dev.assay.protocol.classify.Classifier#balanced}), then the well-known port as a flagged guess (PORT), else UNKNOWN; each label carries its source and a confidence.
 */
package dev.assay.protocol.classify;
