package dev.assay.core.alert;

/** Counts of alert outcomes since the manager started (per channel, or summed over channels plus the manager's own). */
public record AlertStats(long queued, long delivered, long deduplicated, long rateLimited, long failed,
                         long droppedQueueFull, long droppedClosed, long retries) {

    /** The count for one outcome. */
    public long count(AlertOutcome outcome) {
        return switch (outcome) {
            case DELIVERED -> delivered;
            case DEDUPLICATED -> deduplicated;
            case RATE_LIMITED -> rateLimited;
            case FAILED -> failed;
            case DROPPED_QUEUE_FULL -> droppedQueueFull;
            case DROPPED_CLOSED -> droppedClosed;
        };
    }
}
