/** Fingerprint benchmarks: the AgentDojo evaluation (verification, identification, a TF-IDF baseline), how few probes identification needs per probe-selection strategy, and JMH timings. */
package dev.assay.bench.fingerprint;
