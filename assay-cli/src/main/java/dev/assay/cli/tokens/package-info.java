/**
 * {@code assay tokens ...}: bearer tokens for the service (create, list, revoke).
 */
package dev.assay.cli.tokens;
