package dev.assay.core.contract;

import java.time.Instant;
import java.util.Objects;

/** One value of a metric for a slice (a segment such as a model version, region or cohort) at a time. */
public record Observation(String metric, String slice, Instant time, double value) {
    /** Earliest accepted observation time. */
    static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");
    /** Latest accepted observation time (exclusive). */
    static final Instant MAX_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    public Observation {
        requireName(metric, "metric");
        requireName(slice, "slice");
        Objects.requireNonNull(time, "time");
        if (time.isBefore(MIN_TIME) || !time.isBefore(MAX_TIME)) {
            throw new IllegalArgumentException("time must be within years 0..9999, but was " + time);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, but was " + value + " for metric " + metric);
        }
    }

    private static void requireName(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) throw new IllegalArgumentException(field + " must not be blank");
    }
}
