/**
 * Telemetry: the Micrometer Prometheus registry, the correlation id carried in the SLF4J MDC, and health checks
 * (live, ready with per-component status).
 */
package dev.assay.core.telemetry;
