package dev.assay.core.alert;

import java.util.Locale;

/** What became of an alert; the {@code outcome} tag of the {@code assay.alerts} counter. */
public enum AlertOutcome {
    /** A channel accepted it. */
    DELIVERED,
    /** Same dedup key inside the dedup window and no higher severity: counted, not delivered. */
    DEDUPLICATED,
    /** A channel's token bucket was empty: counted and logged, not delivered to that channel. */
    RATE_LIMITED,
    /** A channel failed permanently, exhausted its retries, or was still pending when close() gave up. */
    FAILED,
    /** The manager's queue or a channel's queue was full: counted and logged. */
    DROPPED_QUEUE_FULL,
    /** Fired after close() began, or still queued when the dispatcher stopped. */
    DROPPED_CLOSED;

    /** The metric tag value, e.g. {@code rate_limited}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
