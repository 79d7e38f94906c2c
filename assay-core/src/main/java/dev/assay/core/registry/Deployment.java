package dev.assay.core.registry;

import java.time.Instant;

/** The rollout state of one version: its stage and the share of traffic it takes (percent, 0..100). */
public record Deployment(String model, String version, Stage stage, double trafficPercent, Instant updatedAt) {
    public Deployment {
        if (!(trafficPercent >= 0 && trafficPercent <= 100))
            throw new IllegalArgumentException("trafficPercent must be in 0..100, but was " + trafficPercent);
    }
}
