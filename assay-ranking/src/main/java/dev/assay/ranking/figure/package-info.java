/**
 * The data of the figures beside the ranking reports, computed without drawing anything: a
 * {@link dev.assay.ranking.figure.Histogram} of bootstrap replicates, per-topic deltas sorted,
 * (latency, recall) points with the Pareto frontier marked, per-slice coverage against its band.
 * Each report turns its numbers into {@link dev.assay.ranking.figure.Figure}s; a
 * {@link dev.assay.ranking.figure.FigureRenderer} supplied by the caller draws them (the CLI draws
 * PNGs, nothing else in Assay draws), and {@link dev.assay.ranking.figure.Figure#markdownSection}
 * links the ones drawn from the report's Markdown.
 */
package dev.assay.ranking.figure;
