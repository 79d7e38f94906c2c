/**
 * {@code assay serve}: the service's composition root (telemetry, store, ledger, registry, tokens, the HTTP
 * server and its modules) and its lifetime until SIGTERM.
 */
package dev.assay.cli.serve;
