/**
 * Stage 1 of protocol classification: structural validators. Each validator checks that a flow's
 * first bytes are internally consistent under one protocol's grammar (lengths that add up,
 * checksums, version fields, request and response agreeing across the two directions), not
 * magic bytes alone. {@link dev.assay.protocol.dpi.Dpi#classify} runs them all and returns the
 * best {@link dev.assay.protocol.dpi.Detection}, named as nDPI names the protocol, with the checks
 * that passed and the byte ranges each one read.
 */
package dev.assay.protocol.dpi;
