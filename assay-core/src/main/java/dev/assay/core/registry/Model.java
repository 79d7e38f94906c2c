package dev.assay.core.registry;

import java.time.Instant;

/** A registered model: a name under which versions are deployed and routed. */
public record Model(String name, String description, Instant createdAt) {}
