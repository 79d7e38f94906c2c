package dev.assay.core.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: at most {@code permits} alerts in a burst, refilled continuously at
 * {@code permits} per {@code period}.
 */
public record RateLimit(int permits, Duration period) {
    private static final RateLimit UNLIMITED = new RateLimit(Integer.MAX_VALUE, Duration.ofNanos(1));

    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (permits < 1) throw new IllegalArgumentException("permits must be >= 1, but was " + permits);
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive, but was " + period);
    }

    /** No limit. */
    public static RateLimit unlimited() {
        return UNLIMITED;
    }

    /** {@code permits} per {@code period}. */
    public static RateLimit of(int permits, Duration period) {
        return new RateLimit(permits, period);
    }

    public boolean isUnlimited() {
        return equals(UNLIMITED);
    }
}
