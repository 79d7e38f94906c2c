/** Benchmarks of the agent action guard. */
package dev.assay.bench.agent;
