package dev.assay.core.monitor;

/** The answer to a batch of observations: how many were stored, and how many were refused as late. */
public record Ingested(int accepted, int late) {
    public Ingested {
        if (accepted < 0 || late < 0) throw new IllegalArgumentException("counts must be >= 0, but were " + accepted + ", " + late);
    }
}
