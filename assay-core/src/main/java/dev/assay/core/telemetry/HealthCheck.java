package dev.assay.core.telemetry;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/** A named readiness probe of one component (store, ledger, ...); {@code /health/ready} runs them all. */
public interface HealthCheck {
    /** Short stable component name, e.g. {@code store}. */
    String name();

    /** The component's status now; may throw, which counts as DOWN. */
    Health check();

    /** A check that is UP while {@code up} answers true. */
    static HealthCheck of(String name, BooleanSupplier up) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(up, "up");
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check() {
                return up.getAsBoolean() ? Health.up() : Health.down(name + " is not responding");
            }
        };
    }
}
