/**
 * {@code GET /metrics}: the Prometheus scrape of the service's Micrometer registry.
 */
package dev.assay.server.metrics;
