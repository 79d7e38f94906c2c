package dev.assay.core.telemetry;

import java.util.Objects;

/** One component's status with a short human-readable detail (empty when there is nothing to say). */
public record Health(HealthStatus status, String detail) {
    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static Health up() {
        return new Health(HealthStatus.UP, "");
    }

    public static Health down(String detail) {
        return new Health(HealthStatus.DOWN, detail);
    }
}
