/**
 * {@code assay witness ...}: a C2SP transparency-log witness (key generation, the HTTP server).
 */
package dev.assay.cli.witness;
