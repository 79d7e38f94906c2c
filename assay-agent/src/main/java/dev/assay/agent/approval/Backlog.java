package dev.assay.agent.approval;

import java.time.Duration;
import java.util.Objects;

/**
 * The queue's backlog at one moment: how many requests are pending and how long the oldest has waited (zero when
 * none), against the limits it was measured with.
 */
public record Backlog(int pending, Duration oldestWait, Limits limits) {
    /** Default most pending requests before the backlog is reported. */
    public static final int DEFAULT_MAX_PENDING = 20;
    /** Default longest wait of the oldest pending request before the backlog is reported. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    /** A backlog is reported when more than {@code maxPending} are pending or the oldest waited longer than {@code maxAge}. */
    public record Limits(int maxPending, Duration maxAge) {
        public Limits {
            if (maxPending < 0) throw new IllegalArgumentException("maxPending must be >= 0, but was " + maxPending);
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative()) throw new IllegalArgumentException("maxAge must be >= 0, but was " + maxAge);
        }

        /** {@value #DEFAULT_MAX_PENDING} pending, 10 minutes. */
        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_PENDING, DEFAULT_MAX_AGE);
        }
    }

    public Backlog {
        Objects.requireNonNull(oldestWait, "oldestWait");
        Objects.requireNonNull(limits, "limits");
    }

    /** True when the backlog is over a limit. */
    public boolean over() {
        return pending > limits.maxPending() || oldestWait.compareTo(limits.maxAge()) > 0;
    }

    /** Why the backlog is over its limits, in words (empty when it is not). */
    public String why() {
        StringBuilder b = new StringBuilder();
        if (pending > limits.maxPending())
            b.append(pending).append(" approval requests are pending (limit ").append(limits.maxPending()).append(")");
        if (oldestWait.compareTo(limits.maxAge()) > 0) {
            if (!b.isEmpty()) b.append("; ");
            b.append("the oldest has waited ").append(oldestWait.toSeconds()).append(" s (limit ").append(limits.maxAge().toSeconds())
                    .append(" s)");
        }
        return b.toString();
    }
}
