/**
 * Probe selection: which prompts to ask a model so that few answers identify it. {@link
 * dev.assay.fingerprint.probe.ProbeSelector} orders a {@link dev.assay.fingerprint.probe.ProbeSet} by a {@link
 * dev.assay.fingerprint.probe.Strategy}: INFORMATION_GAIN (greedy on the candidates' per-probe pairwise
 * {@link dev.assay.fingerprint.probe.Separation}, each pair weighted by how confused the chosen probes leave it),
 * UNCERTAINTY (adaptive: the same criterion weighted by the posterior over candidates after the answers so far),
 * DIVERSITY (farthest-point over the prompts' text vectors, no model knowledge) and RANDOM (seeded); and derives
 * adversarial {@link dev.assay.fingerprint.probe.Variant}s of a probe.
 */
package dev.assay.fingerprint.probe;
