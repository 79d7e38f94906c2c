/**
 * ANN latency harvest: a Lucene HNSW index (Malkov and Yashunin, "Efficient and robust approximate
 * nearest neighbor search using Hierarchical Navigable Small World graphs", TPAMI 2018) over real
 * MiniLM embeddings, a grid over ef and top-k measured cold and warm against exact search, the
 * (p95 latency, recall) Pareto frontier, and the release choice rule with its Jaccard@10 protection.
 */
package dev.assay.ranking.harvest;
