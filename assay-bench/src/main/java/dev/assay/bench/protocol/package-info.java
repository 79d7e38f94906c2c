/** Protocol discovery's throughput and per-flow latency harnesses. */
package dev.assay.bench.protocol;
