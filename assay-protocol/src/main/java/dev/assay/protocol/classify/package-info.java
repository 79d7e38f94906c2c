/**
 * A flow's protocol, decided in stages, cheapest and surest first: the structural validators (DPI), then the
 * well-known port as a flagged guess (PORT), else UNKNOWN; each label carries its source and a confidence.
 */
package dev.assay.protocol.classify;
