/**
 * A standalone C2SP {@code tlog-witness} HTTP server ({@link dev.assay.server.witness.WitnessServer}),
 * separate from the Assay API.
 */
package dev.assay.server.witness;
