package dev.assay.core.registry;

import java.time.Instant;

/** One version of a model with its provenance. */
public record ModelVersion(String model, String version, Provenance provenance, Instant registeredAt) {}
