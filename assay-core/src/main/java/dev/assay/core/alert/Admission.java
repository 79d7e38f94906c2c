package dev.assay.core.alert;

/** What {@link AlertManager#fire} did with an alert, decided without blocking. */
public enum Admission {
    /** Queued for delivery to every channel whose minimum severity it meets. */
    QUEUED,
    /** A duplicate inside the dedup window; counted, not delivered. */
    DEDUPLICATED,
    /** The queue was full; counted and logged. */
    DROPPED_QUEUE_FULL,
    /** The manager is closing or closed; counted and logged. */
    DROPPED_CLOSED
}
