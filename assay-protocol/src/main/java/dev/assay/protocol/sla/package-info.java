/**
 * Classification under a deadline: {@link dev.assay.protocol.sla.DiscoveryService} runs a flow through the tiers of
 * its {@link dev.assay.protocol.sla.QualityMode} (FAST: the validators, with the result cache; BALANCED: and the
 * learned model; ACCURATE: and the flow's later packets), skips a tier its recent run times say cannot finish before
 * the deadline, gives up on one that overruns, falls back (a cached answer, the fast tiers' answer, the tiers done so
 * far, or an SLA error) and records whether the deadline was met.
 */
package dev.assay.protocol.sla;
