/** Fingerprint benchmarks: the AgentDojo evaluation (verification, identification, a TF-IDF baseline) and JMH timings. */
package dev.assay.bench.fingerprint;
