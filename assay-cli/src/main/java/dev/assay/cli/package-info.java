/**
 * The {@code assay} command line (picocli): the root command, the shared context (streams, environment, clock),
 * configuration options every command mixes in, the core services one command opens, and the exit codes: 0 ok,
 * 1 a check failed, 2 bad usage or input, 3 inconclusive, 70 a storage or internal failure.
 */
package dev.assay.cli;
