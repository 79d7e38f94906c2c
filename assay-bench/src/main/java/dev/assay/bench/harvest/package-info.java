/**
 * JMH benchmark of the HNSW search behind the ranking latency harvest (Lucene over in-process MiniLM
 * embeddings), with the exact search it is compared against.
 */
package dev.assay.bench.harvest;
