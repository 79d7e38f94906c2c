package dev.assay.core.config;

/** Who may scrape {@code /metrics}: {@link Exposure#PUBLIC} anyone, {@link Exposure#VIEWER_TOKEN} a viewer token or better. */
public record MetricsConfig(Exposure exposure) {
    /** Access to the Prometheus scrape endpoint. */
    public enum Exposure { PUBLIC, VIEWER_TOKEN }

    public MetricsConfig {
        java.util.Objects.requireNonNull(exposure, "exposure");
    }
}
