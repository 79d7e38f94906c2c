/**
 * Draws the ranking reports' figures as PNG files with JFreeChart, headless, and writes them beside
 * a Markdown report. The only place Assay draws: the figures' data come from
 * {@code dev.assay.ranking.figure}, and the service, which answers JSON, never loads a chart library.
 */
package dev.assay.cli.report;
