package dev.assay.core.telemetry;

/** Whether a component can serve. */
public enum HealthStatus { UP, DOWN }
