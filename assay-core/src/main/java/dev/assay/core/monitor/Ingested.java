package dev.assay.core.monitor;

/**
 * The answer to a batch of observations: how many were stored, how many were refused as late
 * (timed before {@code closedUntil}, the end of the monitor's last committed window), and how many
 * stored observations now wait to be folded into its state.
 */
public record Ingested(int accepted, int late, long pending, java.time.Instant closedUntil) {
    public Ingested {
        if (accepted < 0 || late < 0) throw new IllegalArgumentException("counts must be >= 0, but were " + accepted + ", " + late);
    }
}
